using System.Net;
using Gateway.Configuration;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Configuration;

/// <summary>Metrics:* settings: the documented defaults, an empty endpoint that turns the listener off, and precise refusals.</summary>
public sealed class MetricsOptionsTests
{
    private static GatewayOptions Read(params (string Key, string Value)[] settings) =>
        OptionsReader.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void Defaults_ServePrometheusOnLoopback7401_AndPushNothing()
    {
        var metrics = Read().Metrics;

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 7401), metrics.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(2), metrics.SampleInterval);
        Assert.Null(metrics.OtlpEndpoint);
    }

    [Fact]
    public void EmptyEndpoint_TurnsTheListenerOff_AndOtlpIsReadWhenSet()
    {
        var metrics = Read(("Metrics:Endpoint", ""), ("Metrics:OtlpEndpoint", "http://127.0.0.1:4317"), ("Metrics:OtlpInterval", "5s")).Metrics;

        Assert.Null(metrics.Endpoint);
        Assert.Equal(new Uri("http://127.0.0.1:4317"), metrics.OtlpEndpoint);
        Assert.Equal(TimeSpan.FromSeconds(5), metrics.OtlpInterval);
    }

    [Theory]
    [InlineData("Metrics:Endpoint", "nowhere", "is not HOST:PORT")]
    [InlineData("Metrics:SampleInterval", "10ms", "outside")]
    [InlineData("Metrics:OtlpEndpoint", "udp://collector:4317", "is not an http or https URL")]
    [InlineData("Metrics:Port", "7401", "is not a setting")]
    public void BadValue_IsRefusedNamingTheKey(string key, string value, string why)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read((key, value)));

        Assert.Equal(key, error.Key);
        Assert.Contains(why, error.Reason, StringComparison.Ordinal);
    }
}
