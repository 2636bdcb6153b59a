using System.Text.Json;
using Gateway.Cli;
using Gateway.Protocol.V1;
using Gateway.Tests.Cli.Client;
using Gateway.Tests.Observability;
using Gateway.Tests.Support;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Cli;

/// <summary>`gateway stats` as the real executable against a running gateway's /metrics.</summary>
[Collection(Observability.MetricsCollection.Name)]
public sealed class StatsCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ExchangeGateway _gw = null!;
    private Uri _metrics = null!;

    public async ValueTask InitializeAsync()
    {
        _gw = await StartAsync(new Dictionary<string, string?> { ["Metrics:Endpoint"] = "127.0.0.1:0", ["Metrics:SampleInterval"] = "100ms" });
        using var scraper = await MetricsScraper.FindAsync(_gw.Gateway);
        _metrics = scraper.Url;
    }

    public async ValueTask DisposeAsync()
    {
        await _gw.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task OnceJson_ReportsTotalsAndQueueDepthsOfTheRunningGateway()
    {
        var payload = "%PDF-1.7 thử"u8.ToArray();
        for (var i = 0; i < 4; i++)
        {
            var header = Documents.Header(Office, [NgheAn], $"stats-{i}", payload);
            header.Priority = i == 0 ? Priority.Flash : Priority.Normal;
            await _gw.Client.SendAsync(new SendRequest { Header = Documents.SignedHeaderOf(header), Payload = Google.Protobuf.ByteString.CopyFrom(payload) }, _gw.Call);
        }

        // The sampled queue depths follow within one sample interval; wait for them as a scraper would see them.
        using (var scraper = await MetricsScraper.FindAsync(_gw.Gateway))
            await scraper.UntilAsync(s => MetricsScraper.Sum(s, "gateway_queue_depth", ("kind", "document")) == 4);

        var run = await ClientProcess.RunAsync(_dir.Path, null, null, "stats", "--metrics", _metrics.ToString(), "--once", "--json", "--interval", "200ms");

        Assert.True(run.Exit == ExitCodes.Ok, run.ToString());
        var json = JsonDocument.Parse(Assert.Single(run.Out)).RootElement;
        Assert.Equal(4, json.GetProperty("totals").GetProperty("accepted").GetDouble());
        Assert.Equal(1, json.GetProperty("queues").GetProperty("flash").GetProperty("queued").GetDouble());
        Assert.Equal(3, json.GetProperty("queues").GetProperty("normal").GetProperty("queued").GetDouble());
        Assert.False(json.GetProperty("signaturesRequired").GetBoolean());
        Assert.Equal(0, json.GetProperty("perSecond").GetProperty("accepted").GetDouble());
    }

    [Fact]
    public async Task Once_Text_ShowsTheScreenWithEveryLane()
    {
        var run = await ClientProcess.RunAsync(_dir.Path, null, null, "stats", "--metrics", _metrics.ToString(), "--once", "--interval", "100ms");

        Assert.True(run.Exit == ExitCodes.Ok, run.ToString());
        Assert.Contains(run.Out, l => l.StartsWith("per second   accepted ", StringComparison.Ordinal));
        foreach (var lane in new[] { "normal", "urgent", "very_urgent", "flash", "flash_appointed" })
            Assert.Contains(run.Out, l => l.TrimStart().StartsWith(lane + " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unreachable_ExitsUnavailable_NamingTheUrl()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/metrics";
        var run = await ClientProcess.RunAsync(_dir.Path, null, null, "stats", "--metrics", url, "--once");

        Assert.Equal(ExitCodes.Unavailable, run.Exit);
        Assert.StartsWith($"gateway: stats: cannot reach {url}", Assert.Single(run.Err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAMetricsEndpoint_ExitsRefused_SayingWhatCameBack()
    {
        var run = await ClientProcess.RunAsync(_dir.Path, null, null, "stats", "--metrics", new Uri(_metrics, "/nothing").ToString(), "--once");

        Assert.Equal(ExitCodes.Refused, run.Exit);
        Assert.Contains("answered 404", Assert.Single(run.Err), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--metrics", "ftp://x/metrics", "--metrics: 'ftp://x/metrics' is not an http URL")]
    [InlineData("--interval", "10ms", "--interval: 0.01s is outside 100ms..1h")]
    public async Task BadOption_ExitsConfiguration(string option, string value, string message)
    {
        var run = await ClientProcess.RunAsync(_dir.Path, null, null, "stats", option, value, "--once");

        Assert.Equal(ExitCodes.Configuration, run.Exit);
        Assert.StartsWith($"gateway: stats: {message}", Assert.Single(run.Err), StringComparison.Ordinal);
    }
}
