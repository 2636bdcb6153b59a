using Gateway.Load.Gateway;

namespace Gateway.Load.Scenarios.Upload;

/// <summary>
/// Where the gateway says an Upload's time went: the sums of its
/// <c>gateway_send_stage_duration_seconds</c> histogram per stage (docs/metrics.md), read before and
/// after the one upload in flight, so the difference is that upload's time in each stage: verify
/// (signature, trust, recipients), store_payload (the whole transfer, written and fsynced), persist
/// (commit and receipt).
/// </summary>
internal sealed record UploadStages(double Verify, double StorePayload, double Persist)
{
    private const string Metric = "gateway_send_stage_duration_seconds_sum";

    public static UploadStages From(string exposition) => new(
        Stage(exposition, "verify"), Stage(exposition, "store_payload"), Stage(exposition, "persist"));

    public static UploadStages operator -(UploadStages after, UploadStages before) => new(
        Math.Round(after.Verify - before.Verify, 3), Math.Round(after.StorePayload - before.StorePayload, 3), Math.Round(after.Persist - before.Persist, 3));

    private static double Stage(string exposition, string stage) => Math.Round(MetricsText.Sum(exposition, Metric, $"stage=\"{stage}\""), 3);
}
