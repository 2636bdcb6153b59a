using System.Diagnostics;
using Gateway.Load.Gateway;
using Gateway.Load.Processes;

namespace Gateway.Load.Scenarios.Upload;

/// <summary>
/// What one phase (the upload, the fetch) cost: the gateway's and the harness's CPU seconds (on 2
/// cores, near 1 s of CPU per second of wall time in one process means it was the bottleneck), the
/// gateway's peak RSS growth over its size when the phase began, and, from its /metrics (the
/// System.Runtime meter), the bytes it allocated and the garbage collections and GC pause time it had.
/// </summary>
internal sealed class PhaseMeter : IAsyncDisposable
{
    private readonly GatewayProcess _gateway;
    private readonly Uri _metrics;
    private readonly RssSampler _rss;
    private readonly double _gatewayCpu;
    private readonly TimeSpan _clientCpu;
    private readonly Runtime _runtime;

    private PhaseMeter(GatewayProcess gateway, Uri metrics, Runtime runtime)
    {
        _gateway = gateway;
        _metrics = metrics;
        _runtime = runtime;
        _gatewayCpu = gateway.CpuSeconds() ?? 0;
        _clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        _rss = gateway.SampleRss();
    }

    public sealed record Cost(double GatewayCpuSeconds, double ClientCpuSeconds, double PeakRssGrowthMiB, double AllocatedMiB, double Gen2Collections, double GcPauseSeconds);

    private sealed record Runtime(double AllocatedBytes, double Gen2Collections, double GcPauseSeconds)
    {
        public static async Task<Runtime> ReadAsync(Uri metrics, CancellationToken cancellationToken)
        {
            using var scrape = new MetricsScrape(metrics);
            var sample = await scrape.ReadAsync(cancellationToken);
            return new Runtime(
                sample.Sum("dotnet_gc_heap_total_allocated_bytes_total"),
                sample.Sum("dotnet_gc_collections_total", ("gc_heap_generation", "gen2")),
                sample.Sum("dotnet_gc_pause_time_seconds_total"));
        }
    }

    public static async Task<PhaseMeter> StartAsync(GatewayProcess gateway, Uri metrics, CancellationToken cancellationToken) =>
        new(gateway, metrics, await Runtime.ReadAsync(metrics, cancellationToken));

    public async Task<Cost> FinishAsync(CancellationToken cancellationToken)
    {
        var gatewayCpu = (_gateway.CpuSeconds() ?? _gatewayCpu) - _gatewayCpu;
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - _clientCpu).TotalSeconds;
        var runtime = await Runtime.ReadAsync(_metrics, cancellationToken);
        return new Cost(Math.Round(gatewayCpu, 2), Math.Round(clientCpu, 2), _rss.PeakGrowthMiB,
            Math.Round((runtime.AllocatedBytes - _runtime.AllocatedBytes) / (1 << 20), 0),
            runtime.Gen2Collections - _runtime.Gen2Collections,
            Math.Round(runtime.GcPauseSeconds - _runtime.GcPauseSeconds, 3));
    }

    public ValueTask DisposeAsync() => _rss.DisposeAsync();
}
