using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Config;
using Gateway.Benchmarks.Support;
using Gateway.Exchange.Send;
using Gateway.Registry;
using Microsoft.Data.Sqlite;

namespace Gateway.Benchmarks.Registry;

/// <summary>
/// Does routing a recipient code to its delivery target stay within budget (≤ 1 µs, 0 B per lookup) in a
/// registry of 120,000 standard codes? Measures the real path Send takes: <see cref="OrgRegistry.Resolve"/> /
/// <see cref="OrgRegistry.ResolveMany"/>, which check the store for changes (<c>PRAGMA data_version</c>
/// on SQLite) before reading the in-memory <see cref="RegistrySnapshot"/>, against the snapshot lookup
/// alone (the baseline), plus the turn of resolutions into targets (<see cref="RecipientTargets"/>) and the
/// fingerprint query a resolution pays at most once a second after another connection committed.
/// The registry is imported through <see cref="OrgRegistry.Import"/> into a real store (see <see cref="TempStore"/>).
/// </summary>
[BenchmarkCategory(Categories.Fast)]
public class RouteLookupBenchmarks : IDisposable
{
    private const int RegistrySize = 120_000;
    private const int Lookups = 4096;
    private const int RecipientsPerDocument = 100;

    private TempStore _temp = null!;
    private OrgRegistry _registry = null!;
    private RegistrySnapshot _snapshot = null!;
    private SqliteConnection _reader = null!;
    private SqliteCommand _fingerprint = null!;
    private string[] _codes = [];
    private string[] _recipients = [];
    private DateTimeOffset _at;
    private long _atMs;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var generated = OrgCodes.Generate(RegistrySize);
        _temp = new TempStore("route");
        _registry = new OrgRegistry(_temp.Store, TimeProvider.System);
        _ = _registry.Import(generated.ConvertAll(c => new Organization(c.Code, $"Đơn vị {c.Code}", c.Parent, true, [])));
        _at = DateTimeOffset.UtcNow;
        _atMs = _at.ToUnixTimeMilliseconds();
        _snapshot = _registry.Current();
        if (_snapshot.Count != RegistrySize)
            throw new InvalidOperationException($"the registry holds {_snapshot.Count} codes, not {RegistrySize}");

        _codes = OrgCodes.Sample(generated, Lookups, seed: 1);
        _recipients = OrgCodes.Sample(generated, RecipientsPerDocument, seed: 2);
        foreach (var code in _codes)
        {
            if (_registry.Resolve(code, _at).Kind != ResolutionKind.Deliverable)
                throw new InvalidOperationException($"'{code}' does not resolve as deliverable");
        }

        // The same statement as OrgRegistry's private Fingerprint.Read (kept in step by hand).
        _reader = _temp.Store.OpenConnection();
        _fingerprint = _reader.CreateCommand();
        _fingerprint.CommandText = """
            SELECT COALESCE(MAX(updated_at), 0), COUNT(*),
                   (SELECT COUNT(*) FROM organization_aliases),
                   (SELECT COUNT(*) FROM organization_successions)
            FROM organizations
            """;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _fingerprint.Dispose();
        SqliteConnection.ClearPool(_reader);
        _reader.Dispose();
        _registry.Dispose();
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }

    private string NextCode() => _codes[_next++ & (Lookups - 1)];

    [Benchmark(Baseline = true, Description = "Snapshot lookup only (in memory)")]
    public string SnapshotResolve() => _snapshot.Resolve(NextCode(), _atMs).Code;

    [Benchmark(Description = "OrgRegistry.Resolve (store check + lookup)")]
    public string RegistryResolve() => _registry.Resolve(NextCode(), _at).Code;

    [Benchmark(OperationsPerInvoke = RecipientsPerDocument, Description = "OrgRegistry.ResolveMany, 100 codes, per code")]
    public int RegistryResolveMany() => _registry.ResolveMany(_recipients, _at).Count;

    [Benchmark(OperationsPerInvoke = RecipientsPerDocument, Description = "ResolveMany + RecipientTargets, 100 codes, per code")]
    public int ResolveManyToTargets() => RecipientTargets.From(_registry.ResolveMany(_recipients, _at)).Count;

    [Benchmark(Description = "Registry fingerprint query (≤ 1/s after a commit)")]
    public long FingerprintQuery()
    {
        using var reader = _fingerprint.ExecuteReader();
        reader.Read();
        return reader.GetInt64(1);
    }
}
