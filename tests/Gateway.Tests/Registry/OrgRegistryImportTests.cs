using System.Text;
using Gateway.Registry;
using static Gateway.Tests.Registry.RegistryHarness;

namespace Gateway.Tests.Registry;

public sealed class OrgRegistryImportTests : IDisposable
{
    private readonly RegistryHarness _h = new();

    private OrgRegistry Registry => _h.Registry;

    [Fact]
    public void Import_NewAndExisting_CountsAddedAndUpdated()
    {
        var first = Registry.Import([Organisation("000.00.00.H44"), Organisation("000.00.24.H44", "000.00.00.H44")]);
        var second = Registry.Import([Organisation("000.00.24.H44", "000.00.00.H44") with { Name = "Sở mới" }, Organisation("000.46.24.H44", "000.00.24.H44")]);

        Assert.Equal(new ImportResult(2, 0), first);
        Assert.Equal(new ImportResult(1, 1), second);
        Assert.Equal("Sở mới", Registry.Get("000.00.24.H44")!.Name);
        Assert.Equal(3, _h.Count("organizations"));
    }

    [Fact]
    public void Import_VietnameseNames_RoundTripExactlyWithoutNormalisation()
    {
        const string composed = "Ủy ban nhân dân tỉnh Nghệ An";
        var decomposed = composed.Normalize(NormalizationForm.FormD);
        Registry.Import([
            new Organization("000.00.00.H41", composed, null, true, []),
            new Organization("000.00.00.H42", decomposed, null, true, []),
        ]);

        Assert.Equal(composed, Registry.Get("000.00.00.H41")!.Name, StringComparer.Ordinal);
        Assert.Equal(decomposed, Registry.Get("000.00.00.H42")!.Name, StringComparer.Ordinal);
    }

    [Fact]
    public void Import_ExistingOrganization_ReplacesAliasesAndKeepsSuccessions()
    {
        var at = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);
        Registry.Import([Organisation("000.00.00.H41", null, true, "OLD.1", "OLD.2"), Organisation("000.00.00.H42")]);
        Registry.Succeed("000.00.00.H41", ["000.00.00.H42"], at);

        Registry.Import([Organisation("000.00.00.H41", null, false, "OLD.3")]);

        var organization = Registry.Get("000.00.00.H41")!;
        Assert.Equal(["OLD.3"], organization.Aliases);
        Assert.False(organization.Enabled);
        Assert.Equal([new Succession("000.00.00.H42", at)], organization.Successions);
        Assert.Equal(ResolutionKind.Unknown, Registry.Resolve("OLD.1", at).Kind);
    }

    [Fact]
    public void Import_AliasMovesBetweenOrganizationsInOneImport_IsAccepted()
    {
        Registry.Import([Organisation("000.00.00.H41", null, true, "SHARED.1"), Organisation("000.00.00.H42")]);

        Registry.Import([Organisation("000.00.00.H42", null, true, "SHARED.1"), Organisation("000.00.00.H41")]);

        Assert.Equal("000.00.00.H42", Registry.Resolve("SHARED.1", DateTimeOffset.UnixEpoch).Code);
    }

    [Fact]
    public void Import_AliasEqualToAnotherOrganizationsCode_IsRefusedAndNothingWritten()
    {
        Registry.Import([Organisation("000.00.00.H41")]);

        var ex = Assert.Throws<OrgRegistryException>(() =>
            Registry.Import([Organisation("000.00.00.H43"), Organisation("000.00.00.H42", null, true, "000.00.00.H41")]));

        Assert.Equal("000.00.00.H42", ex.Code);
        Assert.Equal("aliases", ex.Field);
        Assert.Contains("'000.00.00.H41' is the code of an organisation", ex.Message, StringComparison.Ordinal);
        Assert.Null(Registry.Get("000.00.00.H43"));
        Assert.Equal(1, _h.Count("organizations"));
    }

    [Fact]
    public void Import_CodeThatIsAnotherOrganizationsAlias_IsRefused()
    {
        Registry.Import([Organisation("000.00.00.H41", null, true, "000.00.99.H41")]);

        var ex = Assert.Throws<OrgRegistryException>(() => Registry.Import([Organisation("000.00.99.H41")]));

        Assert.Equal("code", ex.Field);
        Assert.Contains("already an alias of 000.00.00.H41", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_AliasHeldByAnOrganizationNotInTheImport_IsRefused()
    {
        Registry.Import([Organisation("000.00.00.H41", null, true, "SHARED.1")]);

        var ex = Assert.Throws<OrgRegistryException>(() => Registry.Import([Organisation("000.00.00.H42", null, true, "SHARED.1")]));

        Assert.Equal("aliases", ex.Field);
        Assert.Contains("'SHARED.1' is already an alias of 000.00.00.H41", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_ParentNeitherInRegistryNorInImport_IsRefused()
    {
        var ex = Assert.Throws<OrgRegistryException>(() => Registry.Import([Organisation("000.46.24.H44", "000.00.24.H44")]));

        Assert.Equal("000.46.24.H44", ex.Code);
        Assert.Equal("parent_code", ex.Field);
        Assert.Equal(0, _h.Count("organizations"));
    }

    [Fact]
    public void Import_DuplicateCodeInTheList_IsRefused()
    {
        var ex = Assert.Throws<OrgRegistryException>(() => Registry.Import([Organisation("000.00.00.H41"), Organisation("000.00.00.H41")]));

        Assert.Equal("code", ex.Field);
        Assert.Equal(0, _h.Count("organizations"));
    }

    [Fact]
    public void Import_ChangeMadeHere_IsSeenByTheNextResolution()
    {
        Registry.Import([Organisation("000.00.00.H41")]);
        Assert.Equal(ResolutionKind.Deliverable, Registry.Resolve("000.00.00.H41", DateTimeOffset.UnixEpoch).Kind);

        Registry.Import([Organisation("000.00.00.H41", null, enabled: false)]);

        Assert.Equal(ResolutionKind.Disabled, Registry.Resolve("000.00.00.H41", DateTimeOffset.UnixEpoch).Kind);
    }

    public void Dispose() => _h.Dispose();
}
