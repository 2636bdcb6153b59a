namespace Gateway.Load.Gateway;

/// <summary>
/// Where one Send's or Upload's time went inside the gateway, from its own histogram
/// <c>gateway_send_stage_duration_seconds</c> (docs/metrics.md): the growth of each stage's sum
/// between a scrape before and one after the call, on a gateway doing nothing else.
/// </summary>
internal sealed record SendStages(double ValidateMs, double VerifyMs, double StorePayloadMs, double PersistMs, double TotalMs)
{
    private const string Sum = "gateway_send_stage_duration_seconds_sum";

    public static SendStages Between(MetricsSample before, MetricsSample after)
    {
        double Ms(string stage) => Math.Round((after.Sum(Sum, ("stage", stage)) - before.Sum(Sum, ("stage", stage))) * 1000, 2);
        return new SendStages(Ms("validate"), Ms("verify"), Ms("store_payload"), Ms("persist"), Ms("total"));
    }

    public override string ToString() =>
        $"validate {ValidateMs:0.0} ms, verify {VerifyMs:0.0} ms, store_payload {StorePayloadMs:0.0} ms, persist {PersistMs:0.0} ms (gateway total {TotalMs:0.0} ms)";
}
