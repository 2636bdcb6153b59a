using System.Globalization;
using System.Net;
using Gateway.Protocol.V1;
using Gateway.Tests.Support;
using Grpc.Core;
using static Gateway.Tests.Observability.MetricsScraper;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Observability;

/// <summary>
/// /metrics on its own listener, scraped after real traffic: the counters say exactly what was sent,
/// delivered and settled, the sampled gauges follow the store, and the exposition is well formed.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private static readonly byte[] Payload = "%PDF-1.7 Công văn số 7816/VPCP-TTĐT"u8.ToArray();
    private ExchangeGateway _gw = null!;
    private MetricsScraper _metrics = null!;

    public async ValueTask InitializeAsync()
    {
        _gw = await StartAsync(new Dictionary<string, string?>
        {
            ["Metrics:Endpoint"] = "127.0.0.1:0",
            ["Metrics:SampleInterval"] = "100ms",
        });
        _metrics = await FindAsync(_gw.Gateway);
    }

    public async ValueTask DisposeAsync()
    {
        _metrics.Dispose();
        await _gw.DisposeAsync();
    }

    private async Task<Receipt> SendAsync(string reference, Priority priority, string to = NgheAn)
    {
        var header = Documents.Header(Office, [to], reference, Payload);
        header.Priority = priority;
        var request = new SendRequest { Header = Documents.SignedHeaderOf(header), Payload = Google.Protobuf.ByteString.CopyFrom(Payload) };
        return (await _gw.Client.SendAsync(request, _gw.Call)).Receipt;
    }

    private async Task SettleAsync(Delivery delivery, Settlement.Types.Outcome outcome)
    {
        var request = new AckRequest { Settlements = { new Settlement { DeliveryId = delivery.DeliveryId, Outcome = outcome, Reason = "thử" } } };
        var result = Assert.Single((await _gw.Client.AckAsync(request, CallAs(_gw.RecipientToken))).Results);
        Assert.True(result.Applied, result.Detail);
    }

    [Fact]
    public async Task Counters_AfterTraffic_MatchWhatWasSentDeliveredAndSettled()
    {
        for (var i = 0; i < 3; i++)
            await SendAsync($"normal-{i}", Priority.Normal);
        for (var i = 0; i < 2; i++)
            await SendAsync($"flash-{i}", Priority.Flash);
        await SendAsync("normal-0", Priority.Normal); // a retry: the original receipt, not a second document
        var unknown = await Assert.ThrowsAsync<RpcException>(() => SendAsync("nowhere", Priority.Normal, "000.00.00.H99"));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        var pulled = (await _gw.Client.PullAsync(new PullRequest { MaxDeliveries = 10 }, CallAs(_gw.RecipientToken))).Deliveries;
        Assert.Equal(5, pulled.Count);
        Assert.Equal(Priority.Flash, DocumentHeader.Parser.ParseFrom(pulled[0].Document.Header.Header).Priority);
        await SettleAsync(pulled[0], Settlement.Types.Outcome.Ack);     // flash
        await SettleAsync(pulled[1], Settlement.Types.Outcome.Reject);  // flash
        await SettleAsync(pulled[2], Settlement.Types.Outcome.Ack);     // normal
        await SettleAsync(pulled[3], Settlement.Types.Outcome.Ack);     // normal
        await SettleAsync(pulled[4], Settlement.Types.Outcome.Nack);    // normal

        var s = await _metrics.SamplesAsync();
        Assert.Equal(3, Sum(s, "gateway_documents_accepted_total", ("priority", "normal")));
        Assert.Equal(2, Sum(s, "gateway_documents_accepted_total", ("priority", "flash")));
        Assert.Equal(5 * Payload.Length, Sum(s, "gateway_payload_received_bytes_total"));
        Assert.Equal(1, Sum(s, "gateway_documents_refused_total", ("status", "NotFound"), ("method", "Send")));
        Assert.Equal(5, Sum(s, "gateway_deliveries_delivered_total", ("kind", "document")));
        Assert.Equal(2, Sum(s, "gateway_deliveries_delivered_total", ("kind", "document"), ("priority", "flash")));
        Assert.Equal(5 * Payload.Length, Sum(s, "gateway_payload_sent_bytes_total"));
        Assert.Equal(1, Sum(s, "gateway_deliveries_acked_total", ("priority", "flash")));
        Assert.Equal(2, Sum(s, "gateway_deliveries_acked_total", ("priority", "normal")));
        Assert.Equal(1, Sum(s, "gateway_deliveries_nacked_total", ("priority", "normal")));
        Assert.Equal(1, Sum(s, "gateway_deliveries_dead_lettered_total", ("priority", "flash"), ("reason", "rejected")));
        // Six documents went through the persist stage (the retry too); every one was timed end to end.
        Assert.Equal(6, Sum(s, "gateway_pipeline_commit_batch_size_sum"));
        Assert.Equal(6, Sum(s, "gateway_send_stage_duration_seconds_count", ("stage", "total")));
        Assert.Equal(6, Sum(s, "gateway_send_stage_duration_seconds_count", ("stage", "persist")));

        // The sampled gauges: the nacked document waits again, three "arrived" notices wait for the sender, one dead letter.
        s = await _metrics.UntilAsync(x => Sum(x, "gateway_dead_letters") == 1 && Sum(x, "gateway_queue_depth", ("kind", "status")) == 3);
        Assert.Equal(1, Sum(s, "gateway_queue_depth", ("kind", "document"), ("priority", "normal"), ("state", "queued")));
        Assert.Equal(0, Sum(s, "gateway_queue_depth", ("kind", "document"), ("state", "leased")));
        Assert.Equal(0, Sum(s, "gateway_queue_depth", ("kind", "document"), ("priority", "flash")));
        Assert.Equal(3, Sum(s, "gateway_queue_depth", ("kind", "status"), ("state", "queued")));
        Assert.Equal(1, Sum(s, "gateway_dead_letters"));
        Assert.True(Sum(s, "gateway_queue_oldest_age_seconds") >= 0);
    }

    [Fact]
    public async Task Exposition_EveryFamilyHasHelpAndType_HistogramsAreCumulative()
    {
        await SendAsync("one", Priority.Urgent);
        var text = await _metrics.TextAsync();
        var lines = text.Split('\n');
        var typed = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToDictionary(p => p[2], p => p[3]);
        var helped = lines.Where(l => l.StartsWith("# HELP ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet();
        foreach (var family in typed.Keys.Where(k => k.StartsWith("gateway_", StringComparison.Ordinal)))
            Assert.Contains(family, helped);
        Assert.Equal("counter", typed["gateway_documents_accepted_total"]);
        Assert.Equal("gauge", typed["gateway_queue_depth"]);
        Assert.Equal("histogram", typed["gateway_send_stage_duration_seconds"]);
        Assert.Contains("service_name=\"axis-gateway\"", text, StringComparison.Ordinal);

        var samples = Gateway.Cli.Stats.PrometheusText.Parse(text);
        foreach (var stage in new[] { "validate", "verify", "store_payload", "persist", "total" })
        {
            var buckets = samples.Where(x => x.Name == "gateway_send_stage_duration_seconds_bucket" && x.Label("stage") == stage)
                .Select(x => (Bound: x.Label("le") == "+Inf" ? double.PositiveInfinity : double.Parse(x.Label("le")!, CultureInfo.InvariantCulture), x.Value))
                .OrderBy(b => b.Bound).ToList();
            Assert.NotEmpty(buckets);
            for (var i = 1; i < buckets.Count; i++)
                Assert.True(buckets[i].Value >= buckets[i - 1].Value, $"{stage}: bucket le={buckets[i].Bound} below the one before");
            Assert.Equal(Sum(samples, "gateway_send_stage_duration_seconds_count", ("stage", stage)), buckets[^1].Value);
            Assert.Equal(1, buckets[^1].Value);
        }
    }

    [Fact]
    public async Task MetricsListener_ServesOnlyMetrics_AndTheGrpcListenerDoesNotServeThem()
    {
        using var http = new HttpClient();
        using var other = await http.GetAsync(new Uri(_metrics.Url, "/other"));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Contains("serves only GET /metrics", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var h2 = new HttpRequestMessage(HttpMethod.Get, new Uri(_gw.Gateway.Address, "/metrics"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var onGrpc = await http.SendAsync(h2);
        Assert.NotEqual(HttpStatusCode.OK, onGrpc.StatusCode);
        Assert.DoesNotContain("gateway_", await onGrpc.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribers_CountOpenExchangeStreams()
    {
        using (var call = _gw.Client.Exchange(new Metadata { { "authorization", $"Bearer {_gw.RecipientToken}" } }))
        {
            await call.RequestStream.WriteAsync(new ExchangeRequest { Subscribe = new Subscribe { Credits = 1 } });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(ExchangeResponse.KindOneofCase.Subscribed, call.ResponseStream.Current.KindCase);
            var open = await _metrics.UntilAsync(x => Sum(x, "gateway_exchange_subscribers") == 1);
            Assert.Equal(1, Sum(open, "gateway_exchange_subscribers"));
            await call.RequestStream.CompleteAsync();
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                // Drain until the gateway ends the stream.
            }
        }

        var closed = await _metrics.UntilAsync(x => Sum(x, "gateway_exchange_subscribers") == 0);
        Assert.Equal(0, Sum(closed, "gateway_exchange_subscribers"));
    }

    [Fact]
    public async Task SignaturesRequired_IsExportedAsAGauge()
    {
        // The test gateway accepts unsigned documents (Signatures:Required=false): operators see it.
        Assert.Equal(0, Sum(await _metrics.SamplesAsync(), "gateway_signatures_required"));
        using var dir = new TempDirectory();
        await using var strict = await TestGateway.StartAsync(dir.Combine("data"), new Dictionary<string, string?>
        {
            ["Metrics:Endpoint"] = "127.0.0.1:0",
            ["Signatures:Required"] = "true",
        });
        using var scraper = await FindAsync(strict);
        Assert.Equal(1, Sum(await scraper.SamplesAsync(), "gateway_signatures_required"));
    }

    [Fact]
    public async Task Disabled_WhenTheEndpointIsEmpty_NoListenerIsOpened()
    {
        using var dir = new TempDirectory();
        await using var quiet = await TestGateway.StartAsync(dir.Combine("data"));
        Assert.Single(quiet.Addresses);
    }
}
