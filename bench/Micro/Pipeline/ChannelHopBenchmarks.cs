using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Config;

namespace Gateway.Benchmarks.Pipeline;

/// <summary>
/// What does each pipeline stage cost a document just to pass through its channel? The gateway's stages
/// (verify, then persist) are bounded channels with FullMode=Wait and a single reader, written by many
/// callers; this pushes a batch of <see cref="Items"/> preallocated items through 1, 2 and 3 such channels
/// in a row and reports time and allocations per item. Stage 1 is written here and the last is drained
/// here with WaitToReadAsync/TryRead (as the persist loop reads); the channels between are joined by
/// forwarding loops that read with ReadAllAsync and write with WriteAsync (as the verify workers do).
/// Capacity is the gateway's default queue length (4096), so the writer never waits: this is the hop
/// itself, not backpressure. The difference between rows is the cost of one more stage.
/// </summary>
[BenchmarkCategory(Categories.Fast)]
public class ChannelHopBenchmarks
{
    private const int Items = 1024;
    private const int Capacity = 4096;

    private readonly Item[] _items = Enumerable.Range(0, Items).Select(i => new Item(i)).ToArray();
    private Chain _one = null!;
    private Chain _two = null!;
    private Chain _three = null!;

    [GlobalSetup]
    public void Setup()
    {
        _one = new Chain(1);
        _two = new Chain(2);
        _three = new Chain(3);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _one.Complete();
        _two.Complete();
        _three.Complete();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Items, Description = "1 stage: write → read, per item")]
    public Task OneStage() => PumpAsync(_one);

    [Benchmark(OperationsPerInvoke = Items, Description = "2 stages (verify → persist), per item")]
    public Task TwoStages() => PumpAsync(_two);

    [Benchmark(OperationsPerInvoke = Items, Description = "3 stages, per item")]
    public Task ThreeStages() => PumpAsync(_three);

    private async Task PumpAsync(Chain chain)
    {
        var drained = DrainAsync(chain.Output, Items);
        var input = chain.Input;
        foreach (var item in _items)
            await input.WriteAsync(item);
        await drained;
    }

    private static async Task DrainAsync(ChannelReader<Item> reader, int count)
    {
        var read = 0;
        while (read < count && await reader.WaitToReadAsync())
        {
            while (read < count && reader.TryRead(out _))
                read++;
        }
    }

    /// <summary>A document stand-in: a reference, as the stages pass references to pending documents.</summary>
    private sealed record Item(int Index);

    /// <summary><c>stages</c> channels configured as the gateway's, joined by forwarding loops.</summary>
    private sealed class Chain
    {
        private readonly Channel<Item>[] _channels;
        private readonly Task[] _forwarders;

        public Chain(int stages)
        {
            _channels = new Channel<Item>[stages];
            for (var i = 0; i < stages; i++)
            {
                _channels[i] = Channel.CreateBounded<Item>(new BoundedChannelOptions(Capacity)
                {
                    FullMode = BoundedChannelFullMode.Wait,
                    SingleReader = true,
                    SingleWriter = false,
                });
            }

            _forwarders = new Task[stages - 1];
            for (var i = 0; i < _forwarders.Length; i++)
            {
                var (from, to) = (_channels[i].Reader, _channels[i + 1].Writer);
                _forwarders[i] = Task.Run(() => ForwardAsync(from, to));
            }
        }

        public ChannelWriter<Item> Input => _channels[0].Writer;

        public ChannelReader<Item> Output => _channels[^1].Reader;

        public void Complete()
        {
            Input.TryComplete();
            Task.WaitAll(_forwarders);
        }

        private static async Task ForwardAsync(ChannelReader<Item> from, ChannelWriter<Item> to)
        {
            await foreach (var item in from.ReadAllAsync())
                await to.WriteAsync(item);
            to.TryComplete();
        }
    }
}
