using Gateway.Bench.Results;

namespace Gateway.Load.Scenarios.Upload;

/// <summary>
/// The large-document rows: upload and fetch throughput and the gateway's peak RSS growth, each as a
/// one-off measurement with its details and as a target judged. MB is 10^6 bytes, as in the issue's
/// "MB/s"; the details give MiB/s too.
/// </summary>
internal static class UploadJudgement
{
    public const double ThroughputTargetMBps = 200;
    public const double RssGrowthTargetMiB = 128;

    public sealed record Measured(long Bytes, RoundTrip.Result Result, double BaselineRssMiB, double PeakGrowthMiB, double RssAfterMiB, string Setup)
    {
        public double Mib => Bytes / (double)(1 << 20);
    }

    public static double MBps(long bytes, TimeSpan elapsed) => Math.Round(bytes / 1e6 / Math.Max(elapsed.TotalSeconds, 1e-9), 1);

    private static double MiBps(long bytes, TimeSpan elapsed) => Math.Round(bytes / (double)(1 << 20) / Math.Max(elapsed.TotalSeconds, 1e-9), 1);

    public static IEnumerable<string> Summary(string scenario, Measured m)
    {
        var (r, mib) = (m.Result, m.Mib);
        yield return $"{scenario}: upload of {mib:0} MiB took {r.Upload.TotalSeconds:0.00} s ({MBps(m.Bytes, r.Upload):0.0} MB/s; {r.AfterLastChunk.TotalSeconds:0.00} s after the last chunk); " +
                     $"CPU: gateway {r.UploadCost.GatewayCpuSeconds:0.0} s, harness {r.UploadCost.ClientCpuSeconds:0.0} s; gateway allocated {r.UploadCost.AllocatedMiB:0} MiB, {r.UploadCost.Gen2Collections:0} gen2 GCs";
        yield return $"{scenario}: fetch of {mib:0} MiB took {r.Fetch.Elapsed.TotalSeconds:0.00} s ({MBps(m.Bytes, r.Fetch.Elapsed):0.0} MB/s), SHA-256 matched; " +
                     $"CPU: gateway {r.FetchCost.GatewayCpuSeconds:0.0} s, harness {r.FetchCost.ClientCpuSeconds:0.0} s; gateway allocated {r.FetchCost.AllocatedMiB:0} MiB, {r.FetchCost.Gen2Collections:0} gen2 GCs";
        yield return $"{scenario}: gateway RSS +{m.PeakGrowthMiB:0.0} MiB at peak over {m.BaselineRssMiB:0} MiB";
    }

    public static IEnumerable<ScenarioResult> Scenarios(string scenario, Measured m)
    {
        var r = m.Result;
        yield return new ScenarioResult
        {
            Name = scenario,
            Metric = "upload throughput (Upload client stream, until the receipt)",
            Value = MBps(m.Bytes, r.Upload),
            Unit = "MB/s",
            Details = new(Costs(r.UploadCost))
            {
                ["payloadMiB"] = m.Mib,
                ["seconds"] = Math.Round(r.Upload.TotalSeconds, 2),
                ["secondsAfterLastChunk"] = Math.Round(r.AfterLastChunk.TotalSeconds, 2),
                ["MiBps"] = MiBps(m.Bytes, r.Upload),
                ["chunkKiB"] = LargeUpload.ChunkBytes / 1024,
                ["stageVerifySeconds"] = r.Stages.VerifyMs / 1000,
                ["stageStorePayloadSeconds"] = r.Stages.StorePayloadMs / 1000,
                ["stagePersistSeconds"] = r.Stages.PersistMs / 1000,
            },
            Notes = "one signed document, 1 MiB chunks made as they are sent; timed from the call's start to the receipt (payload fsynced, document and delivery committed); " +
                    $"stage* = the gateway's gateway_send_stage_duration_seconds for it; CPU seconds and gateway allocations over the upload. {m.Setup}",
        };
        yield return new ScenarioResult
        {
            Name = scenario,
            Metric = "fetch throughput (Fetch server stream, read to the end)",
            Value = MBps(m.Bytes, r.Fetch.Elapsed),
            Unit = "MB/s",
            Details = new(Costs(r.FetchCost))
            {
                ["payloadMiB"] = m.Mib,
                ["seconds"] = Math.Round(r.Fetch.Elapsed.TotalSeconds, 2),
                ["MiBps"] = MiBps(m.Bytes, r.Fetch.Elapsed),
                ["messages"] = r.Fetch.Messages,
            },
            Notes = "by the recipient system, after Pull gave it the fetch handle; every chunk hashed as it arrived and the SHA-256 matched what was sent; then ACKed",
        };
        yield return new ScenarioResult
        {
            Name = scenario,
            Metric = "gateway peak RSS growth during upload + fetch",
            Value = m.PeakGrowthMiB,
            Unit = "MiB",
            Details = new()
            {
                ["baselineRssMiB"] = Math.Round(m.BaselineRssMiB, 1),
                ["uploadPeakGrowthMiB"] = r.UploadCost.PeakRssGrowthMiB,
                ["fetchPeakGrowthMiB"] = r.FetchCost.PeakRssGrowthMiB,
                ["rssAfterMiB"] = Math.Round(m.RssAfterMiB, 1),
            },
            Notes = "VmRSS of the gateway from /proc every 250 ms; growth over its size just before the upload started (after an 8 MiB warm-up round trip); fetch: over its size when the fetch started",
        };
    }

    private static Dictionary<string, double> Costs(PhaseMeter.Cost cost) => new()
    {
        ["peakRssGrowthMiB"] = cost.PeakRssGrowthMiB,
        ["gatewayCpuSeconds"] = cost.GatewayCpuSeconds,
        ["harnessCpuSeconds"] = cost.ClientCpuSeconds,
        ["gatewayAllocatedMiB"] = cost.AllocatedMiB,
        ["gatewayGen2GCs"] = cost.Gen2Collections,
        ["gatewayGcPauseSeconds"] = cost.GcPauseSeconds,
    };

    public static IEnumerable<TargetResult> Targets(string scenario, Measured m)
    {
        foreach (var (what, elapsed) in new[] { ("upload", m.Result.Upload), ("fetch", m.Result.Fetch.Elapsed) })
        {
            var rate = MBps(m.Bytes, elapsed);
            yield return new TargetResult
            {
                Name = $"large document {what}",
                Target = $">= {ThroughputTargetMBps:0} MB/s",
                Measured = rate,
                Unit = "MB/s",
                Met = rate >= ThroughputTargetMBps,
                Notes = $"{scenario}: {m.Mib:0} MiB in {elapsed.TotalSeconds:0.00} s over loopback gRPC (MB = 10^6 bytes)",
            };
        }

        yield return new TargetResult
        {
            Name = "large document peak RSS growth",
            Target = $"<= {RssGrowthTargetMiB:0} MiB",
            Measured = m.PeakGrowthMiB,
            Unit = "MiB",
            Met = m.PeakGrowthMiB <= RssGrowthTargetMiB,
            Notes = $"{scenario}: the gateway's VmRSS during the upload and fetch of {m.Mib:0} MiB, over {m.BaselineRssMiB:0} MiB just before the upload",
        };
    }
}
