using Gateway.Store.Sqlite;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Gateway.Jobs;

/// <summary>
/// Records where the event chain ends now (see migration 4), when it has grown since the last
/// checkpoint. `gateway audit verify` checks the chain against every checkpoint.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class AuditCheckpointJob(SqliteStore store, TimeProvider time, ILogger<AuditCheckpointJob> logger) : IJob
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
            RETURNING event_seq
            """, "$now");
        command.Parameters["$now"].Value = time.GetUtcNow().ToUnixTimeMilliseconds();
        var eventSeq = command.ExecuteScalar();
        transaction.Commit();
        if (eventSeq is long seq)
            JobsLog.CheckpointWritten(logger, seq);
        return eventSeq is not null;
    }
}
