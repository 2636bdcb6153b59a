using BenchmarkDotNet.Running;
using Gateway.Benchmarks.Config;

namespace Gateway.Benchmarks;

/// <summary>Entry point: pick benchmarks with <c>--filter</c> (see bench/README.md).</summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new MicroConfig());
}
