using System.Diagnostics;
using Gateway.Registry;
using static Gateway.Tests.Registry.RegistryHarness;

namespace Gateway.Tests.Registry;

public sealed class OrgRegistryResolveTests : IDisposable
{
    private static readonly DateTimeOffset Cutover = new(2025, 7, 1, 0, 0, 0, TimeSpan.FromHours(7));
    private readonly RegistryHarness _h = new();

    private OrgRegistry Registry => _h.Registry;

    [Fact]
    public void Resolve_EnabledOrganization_IsDeliverableToItself()
    {
        Registry.Import([Organisation("000.00.00.G22")]);

        var result = Registry.Resolve("000.00.00.G22", Cutover);

        Assert.Equal(ResolutionKind.Deliverable, result.Kind);
        Assert.Equal("000.00.00.G22", result.Code);
        Assert.Equal("000.00.00.G22", result.Requested);
        Assert.Empty(result.Redirections);
        Assert.Empty(result.Successors);
        Assert.True(result.IsDeliverable);
        Assert.Null(result.RedirectEffectiveAt);
    }

    [Fact]
    public void Resolve_UnknownCode_IsUnknown()
    {
        Registry.Import([Organisation("000.00.00.G22")]);

        var result = Registry.Resolve("000.00.00.G23", Cutover);

        Assert.Equal(ResolutionKind.Unknown, result.Kind);
        Assert.Equal("000.00.00.G23", result.Code);
        Assert.False(result.IsDeliverable);
    }

    [Fact]
    public void Resolve_Alias_ResolvesToItsOrganizationWithoutRedirection()
    {
        Registry.Import([Organisation("000.00.00.H41", null, true, "H41.LEGACY")]);

        var result = Registry.Resolve("H41.LEGACY", Cutover);

        Assert.Equal(ResolutionKind.Deliverable, result.Kind);
        Assert.Equal("000.00.00.H41", result.Code);
        Assert.Equal("H41.LEGACY", result.Requested);
        Assert.Empty(result.Redirections);
    }

    [Fact]
    public void Resolve_AtTheCutoverInstant_OneMillisecondBeforeIsDeliverableAndAtItIsRedirected()
    {
        Registry.Import([Organisation("000.00.00.H41"), Organisation("000.00.00.H42")]);
        Registry.Succeed("000.00.00.H41", ["000.00.00.H42"], Cutover);

        // The send path passes the gateway's clock; the clock is moved to each instant.
        _h.Clock.SetUtcNow(Cutover.AddMilliseconds(-1));
        var before = Registry.Resolve("000.00.00.H41", _h.Clock.GetUtcNow());
        _h.Clock.SetUtcNow(Cutover);
        var at = Registry.Resolve("000.00.00.H41", _h.Clock.GetUtcNow());

        Assert.Equal(ResolutionKind.Deliverable, before.Kind);
        Assert.Equal("000.00.00.H41", before.Code);
        Assert.Equal(ResolutionKind.Redirected, at.Kind);
        Assert.Equal("000.00.00.H42", at.Code);
        Assert.Equal("000.00.00.H41", at.Requested);
        var hop = Assert.Single(at.Redirections);
        Assert.Equal(new Redirection("000.00.00.H41", "000.00.00.H42", Cutover), hop);
        Assert.Equal(Cutover, at.RedirectEffectiveAt);
    }

    [Fact]
    public void Resolve_Chain_FollowsEveryHopInEffect()
    {
        Registry.Import([Organisation("000.00.00.H41"), Organisation("000.00.00.H42"), Organisation("000.00.00.H43")]);
        Registry.Succeed("000.00.00.H41", ["000.00.00.H42"], Cutover);
        Registry.Succeed("000.00.00.H42", ["000.00.00.H43"], Cutover.AddDays(30));

        var first = Registry.Resolve("000.00.00.H41", Cutover.AddDays(1));
        var both = Registry.Resolve("000.00.00.H41", Cutover.AddDays(31));

        Assert.Equal("000.00.00.H42", first.Code);
        Assert.Single(first.Redirections);
        Assert.Equal(ResolutionKind.Redirected, both.Kind);
        Assert.Equal("000.00.00.H43", both.Code);
        Assert.Equal(
            [new Redirection("000.00.00.H41", "000.00.00.H42", Cutover), new Redirection("000.00.00.H42", "000.00.00.H43", Cutover.AddDays(30))],
            both.Redirections);
    }

    [Fact]
    public void Resolve_SeveralSuccessorsInEffect_IsSplitNamingThem()
    {
        Registry.Import([Organisation("000.00.00.H41"), Organisation("000.00.00.H43"), Organisation("000.00.00.H42")]);
        Registry.Succeed("000.00.00.H41", ["000.00.00.H43", "000.00.00.H42"], Cutover);

        var result = Registry.Resolve("000.00.00.H41", Cutover);

        Assert.Equal(ResolutionKind.Split, result.Kind);
        Assert.Equal("000.00.00.H41", result.Code);
        Assert.Equal(["000.00.00.H42", "000.00.00.H43"], result.Successors);
        Assert.False(result.IsDeliverable);
    }

    [Fact]
    public void Resolve_SplitAfterARedirection_KeepsTheHopAndNamesTheSplitCode()
    {
        Registry.Import([Organisation("000.00.00.H40"), Organisation("000.00.00.H41"), Organisation("000.00.00.H42"), Organisation("000.00.00.H43")]);
        Registry.Succeed("000.00.00.H40", ["000.00.00.H41"], Cutover);
        Registry.Succeed("000.00.00.H41", ["000.00.00.H42", "000.00.00.H43"], Cutover);

        var result = Registry.Resolve("000.00.00.H40", Cutover);

        Assert.Equal(ResolutionKind.Split, result.Kind);
        Assert.Equal("000.00.00.H41", result.Code);
        Assert.Single(result.Redirections);
    }

    [Fact]
    public void Resolve_DisabledFinalOrganization_IsDisabled()
    {
        Registry.Import([Organisation("000.00.00.H41"), Organisation("000.00.00.H42", null, enabled: false)]);
        Registry.Succeed("000.00.00.H41", ["000.00.00.H42"], Cutover);

        var direct = Registry.Resolve("000.00.00.H42", Cutover);
        var redirected = Registry.Resolve("000.00.00.H41", Cutover);

        Assert.Equal(ResolutionKind.Disabled, direct.Kind);
        Assert.Equal(ResolutionKind.Disabled, redirected.Kind);
        Assert.Equal("000.00.00.H42", redirected.Code);
        Assert.Single(redirected.Redirections);
    }

    [Fact]
    public void Resolve_DisabledOrganizationThatIsSucceeded_IsRedirectedToTheEnabledSuccessor()
    {
        Registry.Import([Organisation("000.00.00.H41", null, enabled: false), Organisation("000.00.00.H42")]);
        Registry.Succeed("000.00.00.H41", ["000.00.00.H42"], Cutover);

        Assert.Equal(ResolutionKind.Disabled, Registry.Resolve("000.00.00.H41", Cutover.AddMilliseconds(-1)).Kind);
        Assert.Equal(ResolutionKind.Redirected, Registry.Resolve("000.00.00.H41", Cutover).Kind);
    }

    [Fact]
    public void Resolve_LoopWrittenByHand_IsUnknownInsteadOfHanging()
    {
        Registry.Import([Organisation("000.00.00.H41"), Organisation("000.00.00.H42")]);
        // Succeed refuses cycles; only a hand edit of the database can make one.
        _h.Execute("""
            INSERT INTO organization_successions VALUES ('000.00.00.H41', '000.00.00.H42', 0, 0);
            INSERT INTO organization_successions VALUES ('000.00.00.H42', '000.00.00.H41', 0, 0);
            """);
        _h.Clock.Advance(OrgRegistry.MaxStaleness);

        Assert.Equal(ResolutionKind.Unknown, Registry.Resolve("000.00.00.H41", Cutover).Kind);
    }

    [Fact]
    public void ResolveMany_TenThousandRecipients_AnswersInOrderWithinMilliseconds()
    {
        var organizations = Enumerable.Range(0, 10_000)
            .Select(i => Organisation($"{i % 1000:000}.{i / 1000:00}.01.H44", null, enabled: i % 97 != 0))
            .ToList();
        Registry.Import(organizations);
        Registry.Succeed("000.00.01.H44", ["001.00.01.H44"], Cutover);
        var codes = organizations.Select(o => o.Code).Append("000.00.00.X99").ToList();
        Registry.ResolveMany(codes, Cutover); // loads the snapshot

        var stopwatch = Stopwatch.StartNew();
        var results = Registry.ResolveMany(codes, Cutover);
        stopwatch.Stop();

        Assert.Equal(codes.Count, results.Count);
        Assert.Equal(codes, results.Select(r => r.Requested));
        Assert.Equal(ResolutionKind.Redirected, results[0].Kind);
        Assert.Equal(ResolutionKind.Deliverable, results[1].Kind);
        Assert.Equal(ResolutionKind.Disabled, results[97].Kind);
        Assert.Equal(ResolutionKind.Unknown, results[^1].Kind);
        // Typically well under 5 ms; the bound leaves room for a loaded CI machine.
        Assert.True(stopwatch.ElapsedMilliseconds < 100, $"took {stopwatch.Elapsed.TotalMilliseconds} ms");
    }

    public void Dispose() => _h.Dispose();
}
