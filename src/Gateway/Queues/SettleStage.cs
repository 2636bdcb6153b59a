using System.Threading.Channels;
using Gateway.Exchange;
using Gateway.Protocol.V1;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Gateway.Queues;

/// <summary>
/// Group commit for settlements: one loop takes every settlement waiting, from every Exchange stream
/// and Ack call, and applies them in one transaction, so concurrent acknowledgements share one fsync
/// (a commit per ack would cap a stream at one ack per disk flush). A caller's result comes only once
/// its settlement is durable. A failed commit fails every caller of the batch with UNAVAILABLE and
/// changes nothing.
/// </summary>
internal sealed class SettleStage : IAsyncDisposable
{
    // Settlements per transaction: large enough to amortise the fsync, small enough to keep the write lock short.
    private const int MaxBatch = 1024;

    private readonly Channel<Item> _channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(8192)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    private readonly DeliveryQueue _queue;
    private readonly ILogger<SettleStage> _logger;
    private readonly Task _loop;

    public SettleStage(DeliveryQueue queue, ILogger<SettleStage> logger)
    {
        _queue = queue;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues settlements and returns their results once committed (or an UNAVAILABLE refusal).</summary>
    public async Task<IReadOnlyList<SettlementResult>> SettleAsync(IReadOnlyList<Settlement> settlements, IReadOnlySet<string> callerOrgs, CancellationToken cancellationToken)
    {
        var item = new Item(new SettleRequest(settlements, callerOrgs));
        await _channel.Writer.WriteAsync(item, cancellationToken);
        // Once queued, the settlements are applied or refused whatever the caller does next.
        return await item.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Item>();
        while (await _channel.Reader.WaitToReadAsync())
        {
            var settlements = 0;
            while (settlements < MaxBatch && _channel.Reader.TryRead(out var item))
            {
                batch.Add(item);
                settlements += item.Request.Settlements.Count;
            }

            try
            {
                var results = _queue.SettleMany([.. batch.Select(i => i.Request)]);
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Completion.TrySetResult(results[i]);
            }
            catch (Exception ex)
            {
                // A loop that dies would strand every later caller; fail this batch and go on.
                Pipeline.PipelineLog.SettleFailed(_logger, settlements, ex);
                var error = ex is SqliteException
                    ? RpcErrors.Unavailable($"the store could not answer ({ex.Message.TrimEnd('.')}); nothing changed, retry")
                    : RpcErrors.Unavailable($"the settlements could not be applied ({ex.GetType().Name}); nothing changed, retry");
                foreach (var item in batch)
                    item.Completion.TrySetException(error);
            }

            batch.Clear();
        }
    }

    /// <summary>Stops taking settlements, applies those queued, and waits for the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop;
    }

    private sealed record Item(SettleRequest Request)
    {
        public TaskCompletionSource<IReadOnlyList<SettlementResult>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
