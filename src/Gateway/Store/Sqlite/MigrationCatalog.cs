using System.Globalization;
using System.Reflection;

namespace Gateway.Store.Sqlite;

/// <summary>
/// The migrations shipped in this binary: embedded files named NNNN_name.sql under Migrations/.
/// Versions must run 1, 2, 3... without gaps, which is checked when the catalog loads.
/// </summary>
internal static class MigrationCatalog
{
    private const string ResourcePrefix = "Gateway.Store.Sqlite.Migrations.";

    public static IReadOnlyList<Migration> All { get; } = Load();

    /// <summary>The schema version this binary writes.</summary>
    public static int LatestVersion => All[^1].Version;

    private static Migration[] Load()
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n))
            .OrderBy(m => m.Version)
            .ToArray();

        for (var i = 0; i < migrations.Length; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"SQLite migrations must be numbered 1..N without gaps; found {migrations[i].Version} at position {i + 1}");
        }

        return migrations.Length > 0 ? migrations : throw new InvalidOperationException("no SQLite migrations are embedded");
    }

    private static Migration Read(Assembly assembly, string resource)
    {
        var file = resource[ResourcePrefix.Length..^".sql".Length]; // 0001_store_identity
        var underscore = file.IndexOf('_', StringComparison.Ordinal);
        var version = int.Parse(file.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, file[(underscore + 1)..], reader.ReadToEnd());
    }
}
