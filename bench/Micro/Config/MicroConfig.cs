using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Gateway.Benchmarks.Config;

/// <summary>
/// The one configuration every benchmark here runs with. Allocations are reported for every benchmark
/// because our budgets are stated in bytes as well as time. The job is deliberately short: the machines
/// that run this are small (2 cores) and shared, so many long iterations mostly measure the neighbours;
/// compare medians between runs on the same machine, not absolute numbers between machines.
/// Pass <c>--job default</c> or other BenchmarkDotNet options on the command line for a longer run.
/// Each benchmark runs in a process of its own (BenchmarkDotNet's default toolchain), so one
/// benchmark's JIT and GC state cannot colour the next one's numbers.
/// </summary>
public sealed class MicroConfig : ManualConfig
{
    public MicroConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(8)
            .WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);

        // Keep the default loggers, exporters and columns; add only what matters here.
        Add(DefaultConfig.Instance);
        WithOptions(ConfigOptions.JoinSummary);
    }
}
