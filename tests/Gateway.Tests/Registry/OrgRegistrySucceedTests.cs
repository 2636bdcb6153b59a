using Gateway.Registry;
using static Gateway.Tests.Registry.RegistryHarness;

namespace Gateway.Tests.Registry;

public sealed class OrgRegistrySucceedTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2025, 7, 1, 0, 0, 0, TimeSpan.FromHours(7));
    private readonly RegistryHarness _h = new();

    public OrgRegistrySucceedTests() =>
        _h.Registry.Import([Organisation("000.00.00.H41", null, true, "H41.OLD"), Organisation("000.00.00.H42"), Organisation("000.00.00.H43")]);

    private OrgRegistry Registry => _h.Registry;

    [Fact]
    public void Succeed_UnknownOldCode_IsRefusedNamingIt()
    {
        var ex = Assert.Throws<OrgRegistryException>(() => Registry.Succeed("000.00.00.H99", ["000.00.00.H42"], At));

        Assert.Equal("code", ex.Field);
        Assert.Equal("'000.00.00.H99' is not an organisation in the registry", ex.Message);
    }

    [Fact]
    public void Succeed_UnknownSuccessor_IsRefusedAndNothingWritten()
    {
        var ex = Assert.Throws<OrgRegistryException>(() => Registry.Succeed("000.00.00.H41", ["000.00.00.H42", "000.00.00.H99"], At));

        Assert.Equal("successors", ex.Field);
        Assert.Contains("'000.00.00.H99'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _h.Count("organization_successions"));
    }

    [Fact]
    public void Succeed_AliasInsteadOfCode_IsRefusedNamingTheOrganization()
    {
        var ex = Assert.Throws<OrgRegistryException>(() => Registry.Succeed("000.00.00.H42", ["H41.OLD"], At));

        Assert.Equal("'H41.OLD' is an alias of 000.00.00.H41, not an organisation's code; name 000.00.00.H41", ex.Message);
    }

    [Fact]
    public void Succeed_ItselfAsSuccessor_IsRefused()
    {
        var ex = Assert.Throws<OrgRegistryException>(() => Registry.Succeed("000.00.00.H41", ["000.00.00.H41"], At));

        Assert.Contains("cannot succeed itself", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Succeed_Cycle_IsRefusedWhateverTheTimes()
    {
        Registry.Succeed("000.00.00.H41", ["000.00.00.H42"], At);
        Registry.Succeed("000.00.00.H42", ["000.00.00.H43"], At.AddYears(1));

        var ex = Assert.Throws<OrgRegistryException>(() => Registry.Succeed("000.00.00.H43", ["000.00.00.H41"], At.AddYears(2)));

        Assert.Contains("000.00.00.H41 -> 000.00.00.H42 -> 000.00.00.H43", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, _h.Count("organization_successions"));
    }

    [Fact]
    public void Succeed_Again_ReplacesTheEarlierSuccessors()
    {
        Registry.Succeed("000.00.00.H41", ["000.00.00.H42"], At);

        Registry.Succeed("000.00.00.H41", ["000.00.00.H43"], At.AddDays(1));

        Assert.Equal([new Succession("000.00.00.H43", At.AddDays(1))], Registry.Get("000.00.00.H41")!.Successions);
        Assert.Equal(ResolutionKind.Deliverable, Registry.Resolve("000.00.00.H41", At).Kind);
    }

    [Fact]
    public void Succeed_EmptyOrRepeatedSuccessors_AreRefused()
    {
        Assert.Throws<OrgRegistryException>(() => Registry.Succeed("000.00.00.H41", [], At));
        Assert.Throws<OrgRegistryException>(() => Registry.Succeed("000.00.00.H41", ["000.00.00.H42", "000.00.00.H42"], At));
    }

    [Fact]
    public void SetEnabled_Disable_MakesTheOrganizationDisabledAndUnknownCodeIsRefused()
    {
        Registry.SetEnabled("000.00.00.H42", false);

        Assert.Equal(ResolutionKind.Disabled, Registry.Resolve("000.00.00.H42", At).Kind);
        Assert.False(Registry.Get("000.00.00.H42")!.Enabled);
        Assert.Throws<OrgRegistryException>(() => Registry.SetEnabled("000.00.00.H99", true));
    }

    [Fact]
    public void Writes_WithTheClockSteppedBack_StillChangeTheFingerprint()
    {
        var other = _h.NewRegistry(_h.Clock, _h.OpenStore());
        Assert.Equal(ResolutionKind.Deliverable, _h.Registry.Resolve("000.00.00.H42", At).Kind);

        // Another instance (another process, in effect) writes after the wall clock stepped back an hour:
        // the row counts do not change, only the stamp, which must still go up.
        _h.Clock.SetUtcNow(_h.Clock.GetUtcNow().AddHours(-1));
        other.SetEnabled("000.00.00.H42", false);
        _h.Clock.Advance(OrgRegistry.MaxStaleness);

        Assert.Equal(ResolutionKind.Disabled, _h.Registry.Resolve("000.00.00.H42", At).Kind);
    }

    public void Dispose() => _h.Dispose();
}
