using Gateway.Queues;
using Gateway.Registry;
using Gateway.Store.Events;
using Gateway.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Gateway.Jobs;

/// <summary>
/// "Queued undelivered documents follow" a code succession: deliveries still waiting for a code that
/// the registry now redirects move to its successor, keeping their delivery id, the code the sender
/// wrote and their attempts, with the succession's instant as their redirection and a
/// <c>redirected</c> event on the trace.
/// </summary>
/// <remarks>
/// <para>Waiting means queued (state 0), or leased with the lease run out (state 1, visible_at passed); a
/// delivery under a running lease is left to its holder and follows at a later pass if not settled.</para>
/// <para>A document the successor already has (it was addressed to both codes) is dead-lettered with
/// reason <c>duplicate after succession: …</c> instead: one copy per recipient. Status notices always
/// move: one organisation may receive several.</para>
/// <para>A code split among several successors cannot follow: its deliveries stay where they are and a
/// warning is logged once per code (again if it is split anew after a change).</para>
/// <para>A singleton, so the warnings are remembered between the job's runs.</para>
/// </remarks>
internal sealed class SuccessionFollower(SqliteStore store, OrgRegistry registry, DeliveryNotifier notifier, TimeProvider time, ILogger<SuccessionFollower> logger)
{
    /// <summary>Deliveries moved per write transaction.</summary>
    private const int BatchSize = 500;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _warnedSplit = new(StringComparer.Ordinal);

    /// <summary>What one pass did.</summary>
    public readonly record struct Outcome(int Moved, int DeadLettered);

    /// <summary>
    /// Moves every waiting delivery of every redirected code to its successor; returns the totals
    /// (zero when the store is not open). A store failure is logged and the pass ends; the next
    /// pass carries on where it stopped.
    /// </summary>
    public Outcome RunOnce()
    {
        if (!store.IsOpen)
            return default;
        lock (_gate)
        {
            var moved = 0;
            var deadLettered = 0;
            try
            {
                var now = time.GetUtcNow();
                var waiting = WaitingRecipients(now.ToUnixTimeMilliseconds());
                var split = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (code, count) in waiting)
                {
                    var resolution = registry.Resolve(code, now);
                    if (resolution.Kind == ResolutionKind.Split)
                    {
                        split.Add(code);
                        if (_warnedSplit.Add(code))
                            DeliveryJobsLog.SplitLeftQueued(logger, code, string.Join(", ", resolution.Successors), count);
                    }
                    else if (resolution.Kind == ResolutionKind.Redirected && !string.Equals(resolution.Code, code, StringComparison.Ordinal))
                    {
                        var (m, d) = Follow(code, resolution.Code, resolution.RedirectEffectiveAt!.Value);
                        moved += m;
                        deadLettered += d;
                        if (m > 0)
                            notifier.Notify([resolution.Code]);
                        DeliveryJobsLog.Followed(logger, code, resolution.Code, m, d);
                    }
                }

                // A code no longer split (or with nothing waiting) is warned about again if it is split anew.
                _warnedSplit.IntersectWith(split);
            }
            catch (SqliteException ex)
            {
                DeliveryJobsLog.FollowFailed(logger, ex);
            }

            return new Outcome(moved, deadLettered);
        }
    }

    private List<(string Code, long Count)> WaitingRecipients(long now)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT recipient, COUNT(*) FROM deliveries
            WHERE state = 0 OR (state = 1 AND visible_at <= $now)
            GROUP BY recipient ORDER BY recipient
            """;
        command.Parameters.AddWithValue("$now", now);
        var codes = new List<(string, long)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            codes.Add((reader.GetString(0), reader.GetInt64(1)));
        return codes;
    }

    private (int Moved, int DeadLettered) Follow(string code, string successor, DateTimeOffset effectiveAt)
    {
        var moved = 0;
        var deadLettered = 0;
        int seen;
        do
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            using var connection = store.OpenConnection();
            using var transaction = connection.BeginTransaction(deferred: false);
            var rows = Waiting(connection, transaction, code, now);
            seen = rows.Count;
            using var copy = Command(connection, transaction, "SELECT 1 FROM deliveries WHERE document_seq = $seq AND recipient = $to AND status_id IS NULL");
            using var move = Command(connection, transaction,
                "UPDATE deliveries SET recipient = $to, redirect_effective_at = $effective, state = 0 WHERE id = $id");
            using var dead = Command(connection, transaction,
                "UPDATE deliveries SET state = 3, dead_reason = $reason, settled_at = $now WHERE id = $id");
            using var events = new EventAppender(connection, transaction);
            copy.Parameters.AddWithValue("$to", successor);
            var seq = copy.Parameters.Add("$seq", SqliteType.Integer);
            move.Parameters.AddWithValue("$to", successor);
            move.Parameters.AddWithValue("$effective", effectiveAt.ToUnixTimeMilliseconds());
            var moveId = move.Parameters.Add("$id", SqliteType.Text);
            var reason = $"duplicate after succession: {successor} already has this document";
            dead.Parameters.AddWithValue("$reason", reason);
            dead.Parameters.AddWithValue("$now", now);
            var deadId = dead.Parameters.Add("$id", SqliteType.Text);
            foreach (var row in rows)
            {
                seq.Value = row.DocumentSeq;
                if (!row.IsStatus && copy.ExecuteScalar() is not null)
                {
                    deadId.Value = row.Id;
                    dead.ExecuteNonQuery();
                    events.Append(new DocumentEvent(row.DocumentSeq, now, "dead_lettered", code, row.Id, row.Attempts, Detail: reason));
                    deadLettered++;
                    continue;
                }

                moveId.Value = row.Id;
                move.ExecuteNonQuery();
                events.Append(new DocumentEvent(row.DocumentSeq, now, "redirected", successor, row.Id, row.Attempts,
                    Detail: $"{code} is succeeded by {successor} since {effectiveAt:O}; the undelivered {(row.IsStatus ? "status" : "document")} follows"));
                moved++;
            }

            transaction.Commit();
        }
        while (seen == BatchSize);

        return (moved, deadLettered);
    }

    private static List<(string Id, long DocumentSeq, bool IsStatus, int Attempts)> Waiting(SqliteConnection connection, SqliteTransaction transaction, string code, long now)
    {
        using var select = Command(connection, transaction, """
            SELECT id, document_seq, status_id IS NOT NULL, attempts FROM deliveries
            WHERE recipient = $code AND (state = 0 OR (state = 1 AND visible_at <= $now))
            ORDER BY priority DESC, document_seq, id
            LIMIT $limit
            """);
        select.Parameters.AddWithValue("$code", code);
        select.Parameters.AddWithValue("$now", now);
        select.Parameters.AddWithValue("$limit", BatchSize);
        var rows = new List<(string, long, bool, int)>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetBoolean(2), reader.GetInt32(3)));
        return rows;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
