using Gateway.Configuration;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Jobs;

/// <summary>The settings of the delivery jobs: Delivery:ExpiryInterval, Registry:FollowInterval, Store:Retention.</summary>
public sealed class DeliveryJobOptionsTests
{
    private static GatewayOptions Read(params (string Key, string Value)[] settings) =>
        OptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Read_NoSettings_UsesTheDocumentedDefaults()
    {
        var options = Read();

        Assert.Equal(TimeSpan.FromMinutes(1), options.Delivery.ExpiryInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Registry.FollowInterval);
        Assert.Equal(TimeSpan.FromDays(90), options.Store.Retention);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("")]
    public void Read_RetentionZeroOrEmpty_KeepsForever(string value) => Assert.Null(Read(("Store:Retention", value)).Store.Retention);

    [Theory]
    [InlineData("30d", 30 * 24)]
    [InlineData("12h", 12)]
    [InlineData("1.5d", 36)]
    public void Read_RetentionDaysOrDuration_Parses(string value, double hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), Read(("Store:Retention", value)).Store.Retention);

    [Theory]
    [InlineData("forever", "is not a retention")]
    [InlineData("30m", "is outside 1h..36500d")]
    public void Read_BadRetention_FailsNamingTheKey(string value, string reason)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(("Store:Retention", value)));

        Assert.Equal("Store:Retention", error.Key);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownRegistryKey_IsRefused()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(("Registry:FollowIntervall", "1m")));

        Assert.Equal("Registry:FollowIntervall", error.Key);
    }
}
