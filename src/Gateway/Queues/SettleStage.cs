using System.Threading.Channels;
using Gateway.Exchange;
using Gateway.Pipeline;
using Gateway.Protocol.V1;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Gateway.Queues;

/// <summary>
/// Group commit for settlements: one loop takes every settlement waiting, from every Exchange stream
/// and Ack call, and has the persist stage write them in its next transaction, together with the
/// documents waiting there, so concurrent acknowledgements and sends share one fsync (a commit per ack
/// would cap a stream at one ack per disk flush, and a commit of their own would make documents and
/// acks take turns at the disk). A caller's result comes only once its settlement is durable. A
/// failed commit fails every caller of the batch with UNAVAILABLE and changes nothing.
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
    private readonly PersistStage _persist;
    private readonly ILogger<SettleStage> _logger;
    private readonly Task _loop;

    public SettleStage(DeliveryQueue queue, PersistStage persist, ILogger<SettleStage> logger)
    {
        _queue = queue;
        _persist = persist;
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

            var passenger = new Passenger(_queue, [.. batch]);
            try
            {
                _persist.Carry(passenger);
            }
            catch (ChannelClosedException ex)
            {
                passenger.Failed(ex);
            }

            // The next batch gathers while this one is written; one in flight keeps results in order.
            await passenger.Done;
            if (passenger.Error is { } error)
                Pipeline.PipelineLog.SettleFailed(_logger, settlements, error);
            batch.Clear();
        }
    }

    /// <summary>Stops taking settlements and waits until those queued are applied. Stop it before the persist stage.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop;
    }

    /// <summary>One batch of settlements riding in the persist stage's commit.</summary>
    private sealed class Passenger(DeliveryQueue queue, Item[] items) : ICommitPassenger
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private SettledBatch? _settled;

        public Task Done => _done.Task;

        public Exception? Error { get; private set; }

        public void Write(SqliteConnection connection, SqliteTransaction transaction) =>
            _settled = queue.SettleInto(connection, transaction, [.. items.Select(i => i.Request)]);

        public void Committed()
        {
            queue.Settled(_settled!);
            for (var i = 0; i < items.Length; i++)
                items[i].Completion.TrySetResult(_settled!.Results[i]);
            _done.TrySetResult();
        }

        public void Failed(Exception error)
        {
            Error = error;
            var refusal = error is SqliteException
                ? RpcErrors.Unavailable($"the store could not answer ({error.Message.TrimEnd('.')}); nothing changed, retry")
                : RpcErrors.Unavailable($"the settlements could not be applied ({error.GetType().Name}); nothing changed, retry");
            foreach (var item in items)
                item.Completion.TrySetException(refusal);
            _done.TrySetResult();
        }
    }

    private sealed record Item(SettleRequest Request)
    {
        public TaskCompletionSource<IReadOnlyList<SettlementResult>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
