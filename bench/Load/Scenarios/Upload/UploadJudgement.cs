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

    public sealed record Measured(
        long Bytes, TimeSpan Upload, TimeSpan Fetch, int FetchMessages, double BaselineRssMiB, double PeakGrowthMiB,
        double UploadPeakGrowthMiB, double FetchPeakGrowthMiB, double RssAfterMiB, string Setup);

    public static double MBps(long bytes, TimeSpan elapsed) => Math.Round(bytes / 1e6 / Math.Max(elapsed.TotalSeconds, 1e-9), 1);

    private static double MiBps(long bytes, TimeSpan elapsed) => Math.Round(bytes / (double)(1 << 20) / Math.Max(elapsed.TotalSeconds, 1e-9), 1);

    public static IEnumerable<ScenarioResult> Scenarios(string scenario, Measured m)
    {
        var mib = m.Bytes / (double)(1 << 20);
        yield return new ScenarioResult
        {
            Name = scenario,
            Metric = "upload throughput (Upload client stream, until the receipt)",
            Value = MBps(m.Bytes, m.Upload),
            Unit = "MB/s",
            Details = new()
            {
                ["payloadMiB"] = mib,
                ["seconds"] = Math.Round(m.Upload.TotalSeconds, 2),
                ["MiBps"] = MiBps(m.Bytes, m.Upload),
                ["chunkKiB"] = LargeUpload.ChunkBytes / 1024,
                ["peakRssGrowthMiB"] = m.UploadPeakGrowthMiB,
            },
            Notes = $"one signed document, 1 MiB chunks made as they are sent; timed from the call's start to the receipt (payload fsynced, document and delivery committed). {m.Setup}",
        };
        yield return new ScenarioResult
        {
            Name = scenario,
            Metric = "fetch throughput (Fetch server stream, read to the end)",
            Value = MBps(m.Bytes, m.Fetch),
            Unit = "MB/s",
            Details = new()
            {
                ["payloadMiB"] = mib,
                ["seconds"] = Math.Round(m.Fetch.TotalSeconds, 2),
                ["MiBps"] = MiBps(m.Bytes, m.Fetch),
                ["messages"] = m.FetchMessages,
                ["peakRssGrowthMiB"] = m.FetchPeakGrowthMiB,
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
                ["uploadPeakGrowthMiB"] = m.UploadPeakGrowthMiB,
                ["fetchPeakGrowthMiB"] = m.FetchPeakGrowthMiB,
                ["rssAfterMiB"] = Math.Round(m.RssAfterMiB, 1),
            },
            Notes = "VmRSS of the gateway from /proc every 250 ms; growth over its size just before the upload started (fetch growth: over its size when the fetch started)",
        };
    }

    public static IEnumerable<TargetResult> Targets(string scenario, Measured m)
    {
        var mib = m.Bytes / (double)(1 << 20);
        foreach (var (what, elapsed) in new[] { ("upload", m.Upload), ("fetch", m.Fetch) })
        {
            var rate = MBps(m.Bytes, elapsed);
            yield return new TargetResult
            {
                Name = $"large document {what}",
                Target = $">= {ThroughputTargetMBps:0} MB/s",
                Measured = rate,
                Unit = "MB/s",
                Met = rate >= ThroughputTargetMBps,
                Notes = $"{scenario}: {mib:0} MiB in {elapsed.TotalSeconds:0.00} s over loopback gRPC (MB = 10^6 bytes)",
            };
        }

        yield return new TargetResult
        {
            Name = "large document peak RSS growth",
            Target = $"<= {RssGrowthTargetMiB:0} MiB",
            Measured = m.PeakGrowthMiB,
            Unit = "MiB",
            Met = m.PeakGrowthMiB <= RssGrowthTargetMiB,
            Notes = $"{scenario}: the gateway's VmRSS during the upload and fetch of {mib:0} MiB, over {m.BaselineRssMiB:0} MiB just before the upload",
        };
    }
}
