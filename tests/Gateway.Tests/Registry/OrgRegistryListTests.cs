using Gateway.Registry;
using static Gateway.Tests.Registry.RegistryHarness;

namespace Gateway.Tests.Registry;

public sealed class OrgRegistryListTests : IDisposable
{
    private readonly RegistryHarness _h = new();

    public OrgRegistryListTests() => _h.Registry.Import([
        Organisation("000.00.00.H44"),
        Organisation("000.00.24.H44", "000.00.00.H44"),
        Organisation("000.46.24.H44", "000.00.24.H44", true, "000.46.23.H44"),
        Organisation("001.00.24.H44", "000.00.24.H44"),
        Organisation("000.00.25.H44", "000.00.00.H44"),
        Organisation("000.00.00.H41"),
        Organisation("000.00.00.G22"),
    ]);

    private OrgRegistry Registry => _h.Registry;

    [Fact]
    public void List_Pages_CoverEveryOrganizationOnceInCodeTextOrder()
    {
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = Registry.List(null, 3, token);
            seen.AddRange(page.Items.Select(o => o.Code));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(7, seen.Distinct().Count());
    }

    [Fact]
    public void List_Under_KeepsTheUnitAndEveryUnitBelowIt()
    {
        var page = Registry.List("000.00.24.H44", OrgRegistry.MaxPageSize, null);

        Assert.Equal(["000.00.24.H44", "000.46.24.H44", "001.00.24.H44"], page.Items.Select(o => o.Code).Order(StringComparer.Ordinal));
        Assert.Null(page.NextPageToken);
        Assert.Equal(["000.46.23.H44"], page.Items.Single(o => o.Code == "000.46.24.H44").Aliases);
    }

    [Fact]
    public void List_UnderALevelOneUnit_KeepsTheWholeProvince()
    {
        var page = Registry.List("000.00.00.H44", OrgRegistry.MaxPageSize, null);

        Assert.Equal(5, page.Items.Count);
        Assert.All(page.Items, o => Assert.EndsWith(".H44", o.Code, StringComparison.Ordinal));
    }

    [Fact]
    public void List_UnderANonStandardCode_IsRefused()
    {
        var ex = Assert.Throws<OrgRegistryException>(() => Registry.List("H44", 10, null));

        Assert.Equal("under", ex.Field);
        Assert.Contains("not a standard code", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_BadPageToken_IsRefused()
    {
        Assert.Throws<OrgRegistryException>(() => Registry.List(null, 10, "***"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Registry.List(null, 0, null));
    }

    public void Dispose() => _h.Dispose();
}
