using System.Threading.Channels;
using Gateway.Configuration;
using Gateway.Crypto.Receipts;
using Gateway.Exchange;
using Gateway.Observability.Metrics;
using Gateway.Protocol.V1;
using Gateway.Queues;
using Gateway.Store.Documents;
using Gateway.Store.Sqlite;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>
/// The persist stage with group commit: one loop takes every document waiting (up to
/// Pipeline:CommitBatch) and stores them in one IMMEDIATE transaction, so concurrent sends share one
/// fsync. Each document runs under its own savepoint: a refusal (a reused client reference, an unknown
/// referenced document) rolls back that document only and fails only its call. A failed commit fails
/// every call of the batch with UNAVAILABLE and stores nothing of it.
/// </summary>
/// <remarks>
/// The channel is bounded with FullMode=Wait: when the store falls behind, senders wait in
/// <see cref="SubmitAsync"/> instead of the gateway queueing without limit (backpressure reaches
/// callers; nothing is dropped).
/// </remarks>
internal sealed class PersistStage : IAsyncDisposable
{
    private readonly Channel<PendingDocument> _channel;
    private readonly SqliteStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<PersistStage> _logger;
    private readonly int _maxBatch;
    private readonly Task _loop;

    private readonly DeliveryNotifier _notifier;
    private readonly ReceiptSigner _receipts;
    private readonly TimeSpan _window;

    private readonly Receipts.BatchTimestamper? _timestamper;
    private readonly GatewayMetrics? _metrics;

    public PersistStage(SqliteStore store, TimeProvider time, PipelineOptions options, ReceiptsOptions receiptOptions, ReceiptSigner receipts, DeliveryNotifier notifier, ILogger<PersistStage> logger,
        Receipts.BatchTimestamper? timestamper = null, GatewayMetrics? metrics = null)
    {
        _metrics = metrics;
        _timestamper = timestamper;
        _notifier = notifier;
        _receipts = receipts;
        _window = receiptOptions.BatchWindow;
        _store = store;
        _time = time;
        _logger = logger;
        _maxBatch = options.CommitBatch;
        Capacity = options.PersistQueue;
        _channel = Channel.CreateBounded<PendingDocument>(new BoundedChannelOptions(options.PersistQueue)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues a document and waits for its receipt (or its refusal).</summary>
    public async Task<Receipt> SubmitAsync(PendingDocument document, CancellationToken cancellationToken)
    {
        await _channel.Writer.WriteAsync(document, cancellationToken);
        // Once queued the document is committed or refused whatever the caller does next; a caller that
        // gave up and retries gets the original receipt through idempotency.
        return await document.Completion.Task;
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<PendingDocument>(_maxBatch);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatch && reader.TryRead(out var item))
                batch.Add(item);
            await FillWithinWindowAsync(reader, batch);
            try
            {
                Commit(batch);
            }
            catch (Exception ex)
            {
                // A loop that dies would strand every later caller; fail this batch and go on.
                PipelineLog.CommitFailed(_logger, batch.Count, ex);
                var error = RpcErrors.Unavailable($"the store could not commit ({ex.Message.TrimEnd('.')}); nothing was stored, retry with the same client_reference");
                foreach (var item in batch)
                    item.Completion.TrySetException(error);
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// Waits up to Receipts:BatchWindow after the batch's first document for more to join it, so
    /// concurrent sends share one fsync and one receipt signature even when they arrive a little apart.
    /// </summary>
    private async Task FillWithinWindowAsync(ChannelReader<PendingDocument> reader, List<PendingDocument> batch)
    {
        if (_window <= TimeSpan.Zero || batch.Count >= _maxBatch)
            return;
        using var window = new CancellationTokenSource(_window);
        try
        {
            while (batch.Count < _maxBatch && await reader.WaitToReadAsync(window.Token))
            {
                while (batch.Count < _maxBatch && reader.TryRead(out var item))
                    batch.Add(item);
            }
        }
        catch (OperationCanceledException) when (window.IsCancellationRequested)
        {
            // The window closed: commit what came.
        }
    }

    private void Commit(List<PendingDocument> batch)
    {
        var outcomes = new (Receipt? Receipt, RpcException? Refusal)[batch.Count];
        using (var connection = _store.OpenConnection())
        using (_store.Writers.EnterScope())
        using (var transaction = connection.BeginTransaction(deferred: false))
        using (var writer = new DocumentWriter(connection, transaction))
        {
            // Stored to the millisecond; the receipt says exactly what is stored, so a retry's receipt is identical.
            var acceptedAt = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
            for (var i = 0; i < batch.Count; i++)
            {
                transaction.Save("document");
                var chain = writer.Events.Position;
                try
                {
                    outcomes[i] = (writer.Write(batch[i], acceptedAt), null);
                    transaction.Release("document");
                }
                catch (RpcException refusal)
                {
                    transaction.Rollback("document");
                    transaction.Release("document");
                    writer.Events.RewindTo(chain);
                    outcomes[i] = (null, refusal);
                }
            }

            SignReceipts(connection, transaction, outcomes, acceptedAt);
            transaction.Commit();
        }

        PipelineLog.Committed(_logger, batch.Count);
        RecordCommitted(batch, outcomes);
        _timestamper?.Wake();
        // The route step: wake the Exchange streams of every recipient that has something new.
        _notifier.Notify(batch.Where((_, i) => outcomes[i].Receipt is { Duplicate: false }).SelectMany(d => d.Targets.Select(t => t.Recipient)));
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Receipt is { } receipt)
                batch[i].Completion.TrySetResult(receipt);
            else
                batch[i].Completion.TrySetException(outcomes[i].Refusal!);
        }
    }

    private void RecordCommitted(List<PendingDocument> batch, (Receipt? Receipt, RpcException? Refusal)[] outcomes)
    {
        if (_metrics is null)
            return;
        _metrics.CommitBatch(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Receipt is { Duplicate: false })
                _metrics.Accepted(batch[i].Header.EdxmlPriority, batch[i].Header.Header.Payload.Size);
        }
    }

    /// <summary>
    /// Signs the receipts of the documents this batch stored (not the retries, whose receipts were
    /// signed when first accepted) as one Merkle tree, inside the transaction: a receipt is returned
    /// only once it is signed and stored with its document.
    /// </summary>
    private void SignReceipts(SqliteConnection connection, SqliteTransaction transaction, (Receipt? Receipt, RpcException? Refusal)[] outcomes, DateTimeOffset acceptedAt)
    {
        var fresh = outcomes.Select(o => o.Receipt).OfType<Receipt>().Where(r => !r.Duplicate).ToList();
        if (fresh.Count == 0)
            return;
        var signed = _receipts.Sign(fresh, acceptedAt);
        ReceiptWriter.Record(connection, transaction, signed, fresh, acceptedAt);

        // A retry that arrived in the same batch as its original found it unsigned: give it the signed one.
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i].Receipt is { Duplicate: true, Proof: null } retry && fresh.Find(r => r.DocumentId == retry.DocumentId) is { } original)
                outcomes[i] = (new Receipt(original) { Duplicate = true }, null);
        }
    }

    /// <summary>Documents waiting in the channel now (for the occupancy gauge).</summary>
    public int Queued => _channel.Reader.Count;

    /// <summary>The channel's bound.</summary>
    public int Capacity { get; }

    /// <summary>Stops taking documents, lets the loop commit what was queued, and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop;
    }
}
