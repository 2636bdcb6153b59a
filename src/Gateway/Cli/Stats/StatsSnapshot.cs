using System.Collections.Immutable;

namespace Gateway.Cli.Stats;

/// <summary>
/// The figures `gateway stats` shows, read from one scrape of the gateway's /metrics. Counters are
/// totals since the gateway started; rates come from two snapshots (<see cref="StatsView"/>).
/// </summary>
internal sealed record StatsSnapshot
{
    /// <summary>The priority lanes, as the gateway labels them.</summary>
    public static ImmutableArray<string> Lanes => Observability.Metrics.GatewayMetrics.PriorityLabels;

    public required long TakenAtTicks { get; init; }
    public double Accepted { get; init; }
    public double Refused { get; init; }
    public double Delivered { get; init; }
    public double Acked { get; init; }
    public double Nacked { get; init; }
    public double DeadLettered { get; init; }
    public double BytesIn { get; init; }
    public double BytesOut { get; init; }

    /// <summary>Documents not yet acknowledged per lane: [lane, 0] queued, [lane, 1] leased.</summary>
    public double[,] Documents { get; init; } = new double[Lanes.Length, 2];
    public double StatusNotices { get; init; }
    public double OldestAgeSeconds { get; init; }
    public double DeadLetters { get; init; }
    public double Subscribers { get; init; }
    public double VerifyQueued { get; init; }
    public double PersistQueued { get; init; }
    public double CommitBatches { get; init; }
    public double CommittedInBatches { get; init; }
    public bool? SignaturesRequired { get; init; }
    public double? TrustCacheHitRatio { get; init; }

    /// <summary>Cumulative counts of the whole-call latency histogram (stage "total"), by upper bound in seconds.</summary>
    public SortedDictionary<double, double> SendLatencyBuckets { get; init; } = [];

    public static StatsSnapshot From(IEnumerable<MetricSample> samples, long takenAtTicks)
    {
        var documents = new double[Lanes.Length, 2];
        var buckets = new SortedDictionary<double, double>();
        double accepted = 0, refused = 0, delivered = 0, acked = 0, nacked = 0, dead = 0, bytesIn = 0, bytesOut = 0, statuses = 0,
            oldest = 0, deadLetters = 0, subscribers = 0, verifyQueued = 0, persistQueued = 0, batches = 0, batched = 0;
        bool? required = null;
        double? hitRatio = null;
        foreach (var s in samples)
        {
            switch (s.Name)
            {
                case "gateway_documents_accepted_total": accepted += s.Value; break;
                case "gateway_documents_refused_total": refused += s.Value; break;
                case "gateway_deliveries_delivered_total" when s.Label("kind") == "document": delivered += s.Value; break;
                case "gateway_deliveries_acked_total": acked += s.Value; break;
                case "gateway_deliveries_nacked_total": nacked += s.Value; break;
                case "gateway_deliveries_dead_lettered_total": dead += s.Value; break;
                case "gateway_payload_received_bytes_total": bytesIn += s.Value; break;
                case "gateway_payload_sent_bytes_total": bytesOut += s.Value; break;
                case "gateway_queue_depth" when s.Label("kind") == "status": statuses += s.Value; break;
                case "gateway_queue_depth":
                    var lane = s.Label("priority") is { } label ? Lanes.IndexOf(label) : -1;
                    if (lane >= 0)
                        documents[lane, s.Label("state") == "leased" ? 1 : 0] += s.Value;
                    break;
                case "gateway_queue_oldest_age_seconds": oldest = s.Value; break;
                case "gateway_dead_letters": deadLetters = s.Value; break;
                case "gateway_exchange_subscribers": subscribers += s.Value; break;
                case "gateway_pipeline_channel_occupancy" when s.Label("stage") == "verify": verifyQueued = s.Value; break;
                case "gateway_pipeline_channel_occupancy" when s.Label("stage") == "persist": persistQueued = s.Value; break;
                case "gateway_pipeline_commit_batch_size_count": batches += s.Value; break;
                case "gateway_pipeline_commit_batch_size_sum": batched += s.Value; break;
                case "gateway_signatures_required": required = s.Value != 0; break;
                case "gateway_signatures_trust_cache_hit_ratio": hitRatio = s.Value; break;
                case "gateway_send_stage_duration_seconds_bucket" when s.Label("stage") == "total" && s.Label("le") is { } le:
                    var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, System.Globalization.CultureInfo.InvariantCulture);
                    buckets[bound] = buckets.GetValueOrDefault(bound) + s.Value;
                    break;
            }
        }

        return new StatsSnapshot
        {
            TakenAtTicks = takenAtTicks,
            Accepted = accepted,
            Refused = refused,
            Delivered = delivered,
            Acked = acked,
            Nacked = nacked,
            DeadLettered = dead,
            BytesIn = bytesIn,
            BytesOut = bytesOut,
            Documents = documents,
            StatusNotices = statuses,
            OldestAgeSeconds = oldest,
            DeadLetters = deadLetters,
            Subscribers = subscribers,
            VerifyQueued = verifyQueued,
            PersistQueued = persistQueued,
            CommitBatches = batches,
            CommittedInBatches = batched,
            SignaturesRequired = required,
            TrustCacheHitRatio = hitRatio,
            SendLatencyBuckets = buckets,
        };
    }
}
