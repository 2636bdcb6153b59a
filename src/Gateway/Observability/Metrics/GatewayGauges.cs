using System.Diagnostics.Metrics;
using Gateway.Configuration;
using Gateway.Crypto.Trust;
using Gateway.Pipeline;

namespace Gateway.Observability.Metrics;

/// <summary>
/// The observed instruments: read when a scrape or push collects, from state that is already at hand
/// (the queue sampler's last snapshot, the channels' counts, the trust cache's counters), so a
/// collection never waits on the store.
/// </summary>
internal sealed class GatewayGauges
{
    public GatewayGauges(GatewayMetrics metrics, QueueSampler sampler, VerifyStage verify, PersistStage persist, CertificateTrust trust, SignaturesOptions signatures, TimeProvider time)
    {
        var meter = metrics.Meter;
        meter.CreateObservableGauge("gateway.queue.depth", () => Depth(sampler.Last), "{delivery}",
            "Deliveries not yet acknowledged, by kind (document, status), priority lane and state (queued: waiting; leased: with a recipient, unsettled). Sampled every Metrics:SampleInterval.");
        meter.CreateObservableGauge("gateway.queue.oldest_age", () => OldestAge(sampler.Last, time), "s",
            "Age of the oldest document with a delivery not yet acknowledged (0 when none). Sampled every Metrics:SampleInterval.");
        meter.CreateObservableGauge("gateway.dead_letters", () => sampler.Last.DeadLetters, "{delivery}",
            "Deliveries in the dead-letter queue now. Sampled every Metrics:SampleInterval.");
        meter.CreateObservableGauge("gateway.pipeline.channel.occupancy", () => new[]
        {
            new Measurement<int>(verify.Queued, new KeyValuePair<string, object?>("stage", "verify")),
            new Measurement<int>(persist.Queued, new KeyValuePair<string, object?>("stage", "persist")),
        }, "{document}", "Documents waiting in each pipeline stage's bounded channel.");
        meter.CreateObservableGauge("gateway.pipeline.channel.capacity", () => new[]
        {
            new Measurement<int>(verify.Capacity, new KeyValuePair<string, object?>("stage", "verify")),
            new Measurement<int>(persist.Capacity, new KeyValuePair<string, object?>("stage", "persist")),
        }, "{document}", "Bound of each stage's channel; senders wait (backpressure) when occupancy reaches it.");
        meter.CreateObservableCounter("gateway.signatures.trust_cache.lookups", () => new[]
        {
            new Measurement<long>(trust.CacheHits, new KeyValuePair<string, object?>("result", "hit")),
            new Measurement<long>(trust.CacheMisses, new KeyValuePair<string, object?>("result", "miss")),
        }, "{lookup}", "Signer certificate judgements answered from the cache (hit) or judged afresh: chain, validity, revocation (miss).");
        meter.CreateObservableGauge("gateway.signatures.trust_cache.hit_ratio", () => HitRatio(trust), "1",
            "Share of signer certificate judgements answered from the cache since start (0 before the first).");
        meter.CreateObservableGauge("gateway.signatures.required", () => signatures.Required ? 1 : 0, "1",
            "1 when every header must carry a valid sender signature; 0 when unsigned documents are accepted (Signatures:Required=false).");
    }

    private static IEnumerable<Measurement<long>> Depth(QueueSnapshot snapshot)
    {
        for (var kind = 0; kind < 2; kind++)
        {
            var kindTag = new KeyValuePair<string, object?>("kind", kind == 0 ? "document" : "status");
            for (var lane = 0; lane < QueueSnapshot.Lanes; lane++)
            {
                var priority = new KeyValuePair<string, object?>("priority", GatewayMetrics.PriorityLabels[lane]);
                yield return new Measurement<long>(snapshot.Depth[kind, lane, 0], kindTag, priority, new KeyValuePair<string, object?>("state", "queued"));
                yield return new Measurement<long>(snapshot.Depth[kind, lane, 1], kindTag, priority, new KeyValuePair<string, object?>("state", "leased"));
            }
        }
    }

    private static double OldestAge(QueueSnapshot snapshot, TimeProvider time) =>
        snapshot.OldestUndeliveredAcceptedAtMs is { } at
            ? Math.Max(0, (time.GetUtcNow().ToUnixTimeMilliseconds() - at) / 1000.0)
            : 0;

    private static double HitRatio(CertificateTrust trust)
    {
        double hits = trust.CacheHits, total = hits + trust.CacheMisses;
        return total == 0 ? 0 : hits / total;
    }
}
