using Gateway.Crypto.Receipts;
using Gateway.Store.Events;
using Gateway.Store.Sqlite;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Gateway.Jobs;

/// <summary>
/// Records where the event chain ends now (see migration 4), when it has grown since the last
/// checkpoint, signed with the gateway's receipt key (Store/Events/CheckpointStatement.cs).
/// `gateway audit verify` checks the chain against every checkpoint and each signature.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class AuditCheckpointJob(SqliteStore store, ReceiptSigner signer, TimeProvider time, ILogger<AuditCheckpointJob> logger) : IJob
{
    public static readonly JobKey Key = new("audit-checkpoint", "gateway");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        RunOnce();
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes a checkpoint when there are events past the last one; returns whether it did.</summary>
    public bool RunOnce()
    {
        if (!store.IsOpen)
            return false;
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.Prepare(transaction, """
            INSERT INTO audit_checkpoints (event_seq, event_count, hash, at)
            SELECT e.seq, (SELECT COUNT(*) FROM events), e.hash, $now
            FROM events e
            WHERE e.seq = (SELECT MAX(seq) FROM events)
              AND e.seq > COALESCE((SELECT MAX(event_seq) FROM audit_checkpoints), 0)
            RETURNING id, event_seq, event_count, hash, at
            """, "$now");
        command.Parameters["$now"].Value = time.GetUtcNow().ToUnixTimeMilliseconds();
        long id, seq;
        byte[] statement;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
                return false;
            (id, seq) = (reader.GetInt64(0), reader.GetInt64(1));
            statement = CheckpointStatement.Bytes(store.StoreId, seq, reader.GetInt64(2), (byte[])reader[3], reader.GetInt64(4));
        }

        using (var sign = connection.Prepare(transaction, "UPDATE audit_checkpoints SET signature = $signature WHERE id = $id", "$signature", "$id"))
        {
            sign.Parameters["$signature"].Value = signer.SignDetached(statement);
            sign.Parameters["$id"].Value = id;
            sign.ExecuteNonQuery();
        }

        transaction.Commit();
        JobsLog.CheckpointWritten(logger, seq);
        return true;
    }
}
