using System.Collections.Immutable;
using System.Diagnostics.Metrics;

namespace Gateway.Observability.Metrics;

/// <summary>
/// The gateway's own instruments (meter <c>axis.gateway</c>), made from the host's
/// <see cref="IMeterFactory"/> so they are exported wherever the host exports (Prometheus on
/// Metrics:Endpoint, OTLP when configured) and disposed with it. The names and labels are the
/// operators' contract and are listed in docs/metrics.md; recording is lock-free and allocation-free
/// on the hot paths (tags are precomputed per priority).
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "axis.gateway";

    // Seconds: 50 µs .. 10 s, dense where a healthy gateway lives (sub-millisecond to tens of ms).
    private static readonly double[] DurationBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

    private static readonly int[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096];

    /// <summary>
    /// The exported priority labels, indexed by the edXML priority the store keeps (0 normal .. 4
    /// flash with an appointed time): the gauges and `gateway stats` use these same strings.
    /// </summary>
    public static readonly ImmutableArray<string> PriorityLabels = ["normal", "urgent", "very_urgent", "flash", "flash_appointed"];

    private static readonly KeyValuePair<string, object?>[] PriorityTags =
        [.. PriorityLabels.Select(label => new KeyValuePair<string, object?>("priority", label))];

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _acked;
    private readonly Counter<long> _nacked;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _bytesOut;
    private readonly Histogram<double> _stage;
    private readonly Histogram<int> _batch;
    private readonly UpDownCounter<int> _subscribers;

    public GatewayMetrics(IMeterFactory factory)
    {
        Meter = factory.Create(MeterName);
        _accepted = Meter.CreateCounter<long>("gateway.documents.accepted", "{document}", "Documents committed and receipted (retries of an accepted document not counted again).");
        _refused = Meter.CreateCounter<long>("gateway.documents.refused", "{document}", "Send and Upload calls refused, by gRPC status.");
        _delivered = Meter.CreateCounter<long>("gateway.deliveries.delivered", "{delivery}", "Deliveries handed to a recipient's system (each attempt), documents and status notices.");
        _acked = Meter.CreateCounter<long>("gateway.deliveries.acked", "{delivery}", "Deliveries acknowledged by the recipient's system.");
        _nacked = Meter.CreateCounter<long>("gateway.deliveries.nacked", "{delivery}", "Deliveries refused for now by the recipient's system (offered again after a backoff).");
        _deadLettered = Meter.CreateCounter<long>("gateway.deliveries.dead_lettered", "{delivery}", "Deliveries moved to the dead-letter queue, by reason.");
        _bytesIn = Meter.CreateCounter<long>("gateway.payload.received", "By", "Payload bytes of accepted documents.");
        _bytesOut = Meter.CreateCounter<long>("gateway.payload.sent", "By", "Payload bytes sent to recipients, inline in deliveries or by Fetch.");
        _stage = Meter.CreateHistogram("gateway.send.stage.duration", "s", "Time a Send or Upload spends in each stage: validate, verify (queue + signature), store_payload, persist (queue + group commit), total.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _batch = Meter.CreateHistogram("gateway.pipeline.commit.batch_size", "{document}", "Documents per group commit (one fsync and one receipt signature each).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBuckets });
        _subscribers = Meter.CreateUpDownCounter<int>("gateway.exchange.subscribers", "{stream}", "Exchange streams open now.");
    }

    public Meter Meter { get; }

    /// <param name="edxmlPriority">As the store keeps it: 0 normal .. 4 flash with an appointed time.</param>
    public void Accepted(int edxmlPriority, long payloadBytes)
    {
        var tag = PriorityTag(edxmlPriority);
        _accepted.Add(1, tag);
        _bytesIn.Add(payloadBytes, tag);
    }

    public void Refused(Grpc.Core.StatusCode status, string method) =>
        _refused.Add(1, new KeyValuePair<string, object?>("status", status.ToString()), new KeyValuePair<string, object?>("method", method));

    public void Delivered(int edxmlPriority, bool statusNotice) =>
        _delivered.Add(1, PriorityTag(edxmlPriority), new KeyValuePair<string, object?>("kind", statusNotice ? "status" : "document"));

    public void Acked(int edxmlPriority) => _acked.Add(1, PriorityTag(edxmlPriority));

    public void Nacked(int edxmlPriority) => _nacked.Add(1, PriorityTag(edxmlPriority));

    /// <param name="reason">rejected, max_attempts or expired.</param>
    public void DeadLettered(int edxmlPriority, string reason) =>
        _deadLettered.Add(1, PriorityTag(edxmlPriority), new KeyValuePair<string, object?>("reason", reason));

    public void PayloadSent(long bytes) => _bytesOut.Add(bytes);

    public void Stage(SendStage stage, TimeSpan elapsed) =>
        _stage.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("stage", StageLabel(stage)));

    public void CommitBatch(int documents) => _batch.Record(documents);

    public void SubscriberOpened() => _subscribers.Add(1);

    public void SubscriberClosed() => _subscribers.Add(-1);

    private static KeyValuePair<string, object?> PriorityTag(int edxmlPriority) =>
        edxmlPriority >= 0 && edxmlPriority < PriorityTags.Length ? PriorityTags[edxmlPriority] : PriorityTags[0];

    private static string StageLabel(SendStage stage) => stage switch
    {
        SendStage.Validate => "validate",
        SendStage.Verify => "verify",
        SendStage.StorePayload => "store_payload",
        SendStage.Persist => "persist",
        _ => "total",
    };
}

/// <summary>The stages of a Send or Upload, timed one after the other.</summary>
internal enum SendStage
{
    Validate,
    Verify,
    StorePayload,
    Persist,
    Total,
}
