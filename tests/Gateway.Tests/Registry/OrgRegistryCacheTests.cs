using Gateway.Registry;
using static Gateway.Tests.Registry.RegistryHarness;

namespace Gateway.Tests.Registry;

/// <summary>The resolution snapshot follows changes made by another process within <see cref="OrgRegistry.MaxStaleness"/>.</summary>
public sealed class OrgRegistryCacheTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly RegistryHarness _h = new();
    private readonly OrgRegistry _daemon;
    private readonly OrgRegistry _cli;

    public OrgRegistryCacheTests()
    {
        _daemon = _h.Registry;
        // The admin CLI: its own store object and connections on the same database file.
        _cli = _h.NewRegistry(TimeProvider.System, _h.OpenStore());
        _cli.Import([Organisation("000.00.00.H41"), Organisation("000.00.00.H42")]);
    }

    [Fact]
    public void Resolve_ChangeByAnotherConnection_IsSeenOnceMaxStalenessHasPassed()
    {
        Assert.Equal(ResolutionKind.Deliverable, _daemon.Resolve("000.00.00.H41", At).Kind);

        _cli.Succeed("000.00.00.H41", ["000.00.00.H42"], At);
        var within = _daemon.Resolve("000.00.00.H41", At);
        _h.Clock.Advance(OrgRegistry.MaxStaleness);
        var after = _daemon.Resolve("000.00.00.H41", At);

        Assert.Equal(ResolutionKind.Deliverable, within.Kind);
        Assert.Equal(ResolutionKind.Redirected, after.Kind);
    }

    [Fact]
    public void Resolve_NothingCommittedSinceTheLastCheck_KeepsTheSnapshot()
    {
        var first = _daemon.Current();
        _h.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Same(first, _daemon.Current());
    }

    [Fact]
    public void Resolve_UnrelatedCommit_ChecksTheFingerprintButDoesNotReload()
    {
        var first = _daemon.Current();
        // A commit elsewhere in the store (documents, systems, ...) changes data_version only.
        _h.Execute("CREATE TABLE unrelated (x INTEGER); INSERT INTO unrelated VALUES (1);");
        _h.Clock.Advance(OrgRegistry.MaxStaleness);

        Assert.Same(first, _daemon.Current());
    }

    [Fact]
    public void Resolve_RowDeletedByHand_IsSeenThroughTheRowCount()
    {
        Assert.Equal(ResolutionKind.Deliverable, _daemon.Resolve("000.00.00.H42", At).Kind);

        _h.Execute("DELETE FROM organizations WHERE code = '000.00.00.H42'");
        _h.Clock.Advance(OrgRegistry.MaxStaleness);

        Assert.Equal(ResolutionKind.Unknown, _daemon.Resolve("000.00.00.H42", At).Kind);
    }

    public void Dispose() => _h.Dispose();
}
