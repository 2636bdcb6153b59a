using Gateway.Store.Events;
using Gateway.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Gateway.Jobs;

/// <summary>
/// Dead-letters queued and leased documents whose document expired before it was acknowledged.
/// Pull does the same for the deliveries it comes across; this job finds the ones nobody pulls, so an
/// expired document does not sit in a queue looking deliverable. Status notices do not expire.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DeliveryExpiryJob(SqliteStore store, TimeProvider time, Observability.Metrics.GatewayMetrics metrics, ILogger<DeliveryExpiryJob> logger) : IJob
{
    public static readonly JobKey Key = new("delivery-expiry", "gateway");

    /// <summary>Deliveries dead-lettered per write transaction.</summary>
    private const int BatchSize = 500;

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        RunOnce();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs one pass; returns how many deliveries it dead-lettered (0 when the store is not open or the pass failed, which is logged).</summary>
    public int RunOnce()
    {
        if (!store.IsOpen)
            return 0;
        var total = 0;
        try
        {
            int changed;
            do
            {
                changed = DeadLetterBatch(time.GetUtcNow().ToUnixTimeMilliseconds());
                total += changed;
            }
            while (changed == BatchSize);
        }
        catch (SqliteException ex)
        {
            DeliveryJobsLog.ExpiryFailed(logger, ex);
        }

        if (total > 0)
            DeliveryJobsLog.Expired(logger, total);
        return total;
    }

    private int DeadLetterBatch(long now)
    {
        using var connection = store.OpenConnection();
        // Found before the write lock is taken: the search reads every queued delivery, and with a
        // large backlog that takes seconds, during which no document, lease or ack could commit (they
        // failed with "database is locked" after Store:BusyTimeout). WAL readers do not block writers.
        var expired = FindExpired(connection, now);
        if (expired.Count == 0)
            return 0;

        using var turn = store.Writers.EnterScope();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var dead = connection.CreateCommand();
        dead.Transaction = transaction;
        // state < 2 again: acked or dead-lettered by someone else since it was found, it is left alone.
        dead.CommandText = "UPDATE deliveries SET state = 3, dead_reason = $reason, settled_at = $now WHERE id = $id AND state < 2";
        dead.Parameters.AddWithValue("$now", now);
        var reason = dead.Parameters.Add("$reason", SqliteType.Text);
        var id = dead.Parameters.Add("$id", SqliteType.Text);
        using var events = new EventAppender(connection, transaction);
        var changed = new List<int>(expired.Count);
        foreach (var row in expired)
        {
            // The same reason Pull writes, so a dead letter reads alike whichever found it.
            var text = $"expired: the document expired at {DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt):O} before it was acknowledged";
            reason.Value = text;
            id.Value = row.Id;
            if (dead.ExecuteNonQuery() == 0)
                continue;
            changed.Add(row.Priority);
            events.Append(new DocumentEvent(row.DocumentSeq, now, "dead_lettered", row.Recipient, row.Id, row.Attempts, Detail: text));
        }

        transaction.Commit();
        foreach (var priority in changed)
            metrics.DeadLettered(priority, "expired");
        // A full batch found means there may be more, even if some were settled meanwhile.
        return expired.Count;
    }

    private static List<(string Id, long DocumentSeq, string Recipient, int Attempts, long ExpiresAt, int Priority)> FindExpired(SqliteConnection connection, long now)
    {
        var expired = new List<(string, long, string, int, long, int)>();
        using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT d.id, d.document_seq, d.recipient, d.attempts, x.expires_at, d.priority
            FROM deliveries d JOIN documents x ON x.seq = d.document_seq
            WHERE d.state < 2 AND d.status_id IS NULL AND x.expires_at IS NOT NULL AND x.expires_at <= $now
            LIMIT $limit
            """;
        select.Parameters.AddWithValue("$now", now);
        select.Parameters.AddWithValue("$limit", BatchSize);
        using var reader = select.ExecuteReader();
        while (reader.Read())
            expired.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4), reader.GetInt32(5)));
        return expired;
    }
}
