namespace Gateway.Benchmarks.Config;

/// <summary>
/// Benchmark categories a runner can select with <c>--anyCategories</c> (see bench/README.md).
/// </summary>
public static class Categories
{
    /// <summary>
    /// Benchmarks of CPU-bound paths (no fsync per operation, no signing per operation): together about
    /// five minutes with the short job on a 2-core machine. Select with <c>--anyCategories Fast</c>.
    /// </summary>
    public const string Fast = "Fast";
}
