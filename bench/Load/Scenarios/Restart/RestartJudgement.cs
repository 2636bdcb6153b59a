using Gateway.Bench.Results;

namespace Gateway.Load.Scenarios.Restart;

/// <summary>
/// The restart rows: how fast the backlog was built (a detail, not a target), and for each restart
/// the seconds from process start to SERVING and to a first delivery, with the gateway's own log
/// milestones; the targets are judged on the restart after a graceful stop.
/// </summary>
internal static class RestartJudgement
{
    public const double TargetSeconds = 5;

    public sealed record Backlog(int Documents, int RecipientsPerDocument, long Deliveries, TimeSpan Elapsed, TimeSpan FirstHalf, TimeSpan SecondHalf, long Gauge, long Rows, TimeSpan Stop, double DatabaseMiB, double WalMiBBeforeStop);

    public sealed record Restart(string How, StartupTimer.Timing Timing, Dictionary<string, double> Milestones, double RssMiB);

    public static ScenarioResult BacklogRow(string scenario, Backlog b, string setup) => new()
    {
        Name = scenario,
        Metric = "backlog build through Send (documents to 10,000 recipients each)",
        Value = Math.Round(b.Documents / b.Elapsed.TotalSeconds, 2),
        Unit = "docs/s",
        Details = new()
        {
            ["documents"] = b.Documents,
            ["recipientsPerDocument"] = b.RecipientsPerDocument,
            ["deliveries"] = b.Deliveries,
            ["deliveriesPerSecond"] = Math.Round(b.Deliveries / b.Elapsed.TotalSeconds, 0),
            ["seconds"] = Math.Round(b.Elapsed.TotalSeconds, 2),
            ["firstHalfSeconds"] = Math.Round(b.FirstHalf.TotalSeconds, 2),
            ["secondHalfSeconds"] = Math.Round(b.SecondHalf.TotalSeconds, 2),
            ["queueDepthGauge"] = b.Gauge,
            ["queuedRowsAfterStop"] = b.Rows,
            ["gracefulStopSeconds"] = Math.Round(b.Stop.TotalSeconds, 2),
            ["databaseMiB"] = Math.Round(b.DatabaseMiB, 0),
            ["walMiBBeforeStop"] = Math.Round(b.WalMiBBeforeStop, 0),
        },
        Notes = $"signed 4 KiB documents sent with Send by 4 concurrent callers, no recipient connected, Delivery:ExpiryInterval=24h for this phase only (see the README); queued deliveries checked on /metrics " +
                $"(gateway_queue_depth) before the stop and counted in the database after it. {setup}",
    };

    public static IEnumerable<ScenarioResult> RestartRows(string scenario, long deliveries, Restart r)
    {
        var details = new Dictionary<string, double>(r.Milestones)
        {
            ["firstDeliveryS"] = Math.Round(r.Timing.FirstDelivery.TotalSeconds, 3),
            ["servingS"] = Math.Round(r.Timing.Serving.TotalSeconds, 3),
            ["exchangeAttempts"] = r.Timing.DeliveryAttempts,
            ["rssAfterStartMiB"] = Math.Round(r.RssMiB, 0),
        };
        yield return new ScenarioResult
        {
            Name = scenario,
            Metric = $"restart after {r.How} with {deliveries:N0} queued deliveries: process start to SERVING",
            Value = Math.Round(r.Timing.Serving.TotalSeconds, 3),
            Unit = "s",
            Details = details,
            Notes = "grpc.health.v1 polled every 10 ms; log* = the gateway's own log lines (Information), seconds from process start",
        };
        yield return new ScenarioResult
        {
            Name = scenario,
            Metric = $"restart after {r.How} with {deliveries:N0} queued deliveries: process start to a first Exchange delivery",
            Value = Math.Round(r.Timing.FirstDelivery.TotalSeconds, 3),
            Unit = "s",
            Details = new() { ["exchangeAttempts"] = r.Timing.DeliveryAttempts },
            Notes = "a recipient system retrying Exchange (subscribe, 1 credit) every 10 ms from process start, until a delivery arrives",
        };
    }

    public static IEnumerable<TargetResult> Targets(string scenario, long deliveries, Restart r)
    {
        yield return Target("restart with backlog to SERVING", r.Timing.Serving,
            $"{scenario}: {deliveries:N0} queued deliveries, after {r.How}; from process start until grpc.health.v1 SERVING");
        yield return Target("restart with backlog to first delivery", r.Timing.FirstDelivery,
            $"{scenario}: {deliveries:N0} queued deliveries, after {r.How}; from process start until a reconnecting recipient's Exchange stream got a delivery");
    }

    private static TargetResult Target(string name, TimeSpan measured, string notes) => new()
    {
        Name = name,
        Target = $"<= {TargetSeconds:0} s",
        Measured = Math.Round(measured.TotalSeconds, 3),
        Unit = "s",
        Met = measured.TotalSeconds <= TargetSeconds,
        Notes = notes,
    };
}
