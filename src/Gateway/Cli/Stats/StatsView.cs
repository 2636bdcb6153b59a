namespace Gateway.Cli.Stats;

/// <summary>What happened between two snapshots: rates per second, the interval's latency percentiles, and the levels now.</summary>
internal sealed record StatsView(StatsSnapshot Now, double Seconds)
{
    public double AcceptedPerSecond { get; init; }
    public double RefusedPerSecond { get; init; }
    public double DeliveredPerSecond { get; init; }
    public double AckedPerSecond { get; init; }
    public double NackedPerSecond { get; init; }
    public double DeadLetteredPerSecond { get; init; }
    public double BytesInPerSecond { get; init; }
    public double BytesOutPerSecond { get; init; }

    /// <summary>Documents per group commit in the interval; null when nothing was committed.</summary>
    public double? AverageBatch { get; init; }

    /// <summary>Send/Upload call latency in the interval (estimated within histogram buckets); null when no call finished.</summary>
    public double? SendP50Ms { get; init; }
    public double? SendP99Ms { get; init; }

    public static StatsView Between(StatsSnapshot before, StatsSnapshot after, double seconds)
    {
        double Rate(Func<StatsSnapshot, double> counter) => seconds <= 0 ? 0 : Math.Max(0, counter(after) - counter(before)) / seconds;
        var batches = after.CommitBatches - before.CommitBatches;
        var latency = Delta(before.SendLatencyBuckets, after.SendLatencyBuckets);
        return new StatsView(after, seconds)
        {
            AcceptedPerSecond = Rate(s => s.Accepted),
            RefusedPerSecond = Rate(s => s.Refused),
            DeliveredPerSecond = Rate(s => s.Delivered),
            AckedPerSecond = Rate(s => s.Acked),
            NackedPerSecond = Rate(s => s.Nacked),
            DeadLetteredPerSecond = Rate(s => s.DeadLettered),
            BytesInPerSecond = Rate(s => s.BytesIn),
            BytesOutPerSecond = Rate(s => s.BytesOut),
            AverageBatch = batches > 0 ? (after.CommittedInBatches - before.CommittedInBatches) / batches : null,
            SendP50Ms = Quantile(latency, 0.50) * 1000,
            SendP99Ms = Quantile(latency, 0.99) * 1000,
        };
    }

    private static List<(double Bound, double Cumulative)> Delta(SortedDictionary<double, double> before, SortedDictionary<double, double> after) =>
        [.. after.Select(b => (b.Key, b.Value - before.GetValueOrDefault(b.Key)))];

    /// <summary>
    /// The q-quantile of a cumulative histogram, interpolated linearly inside its bucket (as
    /// Prometheus' histogram_quantile does); the last finite bound when it falls in +Inf.
    /// </summary>
    public static double? Quantile(List<(double Bound, double Cumulative)> buckets, double q)
    {
        if (buckets.Count == 0 || buckets[^1].Cumulative <= 0)
            return null;
        var rank = q * buckets[^1].Cumulative;
        double lowerBound = 0, lowerCount = 0;
        foreach (var (bound, cumulative) in buckets)
        {
            if (cumulative >= rank)
            {
                if (double.IsPositiveInfinity(bound))
                    return lowerBound;
                var inBucket = cumulative - lowerCount;
                return inBucket <= 0 ? bound : lowerBound + ((bound - lowerBound) * (rank - lowerCount) / inBucket);
            }

            (lowerBound, lowerCount) = (bound, cumulative);
        }

        return lowerBound;
    }
}
