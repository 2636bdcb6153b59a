namespace Gateway.Tests.Registry;

/// <summary>The sample files in tests/data, found from the test binary's directory.</summary>
internal static class SampleData
{
    public static string Directory { get; } = Find();

    public static string Csv => Path.Combine(Directory, "orgs-sample.csv");

    public static string Json => Path.Combine(Directory, "orgs-sample.json");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "data");
            if (File.Exists(Path.Combine(candidate, "orgs-sample.csv")))
                return candidate;
        }

        throw new InvalidOperationException($"tests/data/orgs-sample.csv not found above {AppContext.BaseDirectory}");
    }
}
