using Gateway.Configuration;
using Gateway.Observability.Metrics;
using Gateway.Store.Events;
using Gateway.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gateway.Queues;

/// <summary>
/// Recipients' queues in the store: at-least-once delivery with a lease per delivery. Leasing happens
/// in one IMMEDIATE transaction, so several consumers of one organisation (competing consumers) never
/// receive the same delivery while its lease runs. Order: highest priority first, then acceptance order.
/// </summary>
internal sealed partial class DeliveryQueue(SqliteStore store, DeliveryMessages messages, DeliveryNotifier notifier, GatewayOptions options, GatewayMetrics metrics, TimeProvider time)
{
    /// <summary>
    /// Leases up to <paramref name="max"/> deliveries for <paramref name="recipients"/>. Deliveries
    /// that ran out of attempts or whose document expired are dead-lettered on the way, not returned.
    /// </summary>
    public IReadOnlyList<Protocol.V1.Delivery> Lease(IReadOnlyCollection<string> recipients, int max)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var leaseEnd = now + (long)options.Delivery.LeaseDuration.TotalMilliseconds;
        var leased = new List<LeasedRow>(max);
        var deadLettered = new List<(int Priority, string Reason)>();

        // A lease lost to a power failure only offers the delivery again under the same id (at least
        // once either way), so leasing does not wait for the disk; acknowledgements do.
        using (var connection = store.OpenLazyConnection())
        using (store.Writers.EnterScope())
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            using var select = SelectCandidates(connection, transaction, recipients, now);
            // One per delivery leased: bound by position, not looked up by name.
            using var lease = new RawStatement(connection, "UPDATE deliveries SET state = 1, attempts = attempts + 1, visible_at = ?1 WHERE id = ?2");
            using var dead = new RawStatement(connection, "UPDATE deliveries SET state = 3, dead_reason = ?1, settled_at = ?2 WHERE id = ?3");
            using var events = new EventAppender(connection, transaction);
            lease.Bind(1, leaseEnd);
            dead.Bind(2, now);

            while (leased.Count < max)
            {
                select.Parameters["$limit"].Value = max - leased.Count;
                var candidates = ReadCandidates(select);
                if (candidates.Count == 0)
                    break;
                foreach (var c in candidates)
                {
                    var reason = c.ExpiresAt is { } expires && expires <= now && c.StatusId is null
                        ? $"expired: the document expired at {DateTimeOffset.FromUnixTimeMilliseconds(expires):O} before it was acknowledged"
                        : c.Attempts >= options.Delivery.MaxAttempts
                            ? $"max_attempts: {c.Attempts} delivery attempts without an acknowledgement"
                            : null;
                    if (reason is null)
                    {
                        lease.Bind(2, c.Id);
                        lease.Execute();
                        leased.Add(new LeasedRow(c.Id, c.DocumentSeq, c.StatusId, c.Recipient, c.Requested, c.RedirectEffectiveAt, c.Attempts + 1, leaseEnd, c.Priority));
                        events.Append(new DocumentEvent(c.DocumentSeq, now, c.StatusId is null ? "delivered" : "status_delivered", c.Recipient, c.Id, c.Attempts + 1,
                            Detail: $"leased until {DateTimeOffset.FromUnixTimeMilliseconds(leaseEnd):O}"));
                    }
                    else
                    {
                        dead.Bind(1, reason);
                        dead.Bind(3, c.Id);
                        dead.Execute();
                        events.Append(new DocumentEvent(c.DocumentSeq, now, "dead_lettered", c.Recipient, c.Id, c.Attempts, Detail: reason));
                        deadLettered.Add((c.Priority, reason.StartsWith("expired", StringComparison.Ordinal) ? "expired" : "max_attempts"));
                    }
                }
            }

            transaction.Commit();
        }

        foreach (var row in leased)
            metrics.Delivered(row.Priority, row.StatusId is not null);
        foreach (var (priority, why) in deadLettered)
            metrics.DeadLettered(priority, why);

        // Payload files are read after the commit, so the write lock is not held during file I/O.
        return messages.Build(leased);
    }

    private sealed record Candidate(string Id, long DocumentSeq, long? StatusId, string Recipient, string Requested, long? RedirectEffectiveAt, int Attempts, long? ExpiresAt, int Priority);

    private static SqliteCommand SelectCandidates(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<string> recipients, long now)
    {
        var names = recipients.Select((_, i) => $"$r{i}").ToArray();
        var command = connection.Prepare(transaction, $"""
            SELECT d.id, d.document_seq, d.status_id, d.recipient, d.requested, d.redirect_effective_at, d.attempts, x.expires_at, d.priority
            FROM deliveries d JOIN documents x ON x.seq = d.document_seq
            WHERE d.recipient IN ({string.Join(", ", names)}) AND d.state < 2 AND d.visible_at <= $now
            ORDER BY d.priority DESC, d.document_seq, d.id
            LIMIT $limit
            """, ["$now", "$limit", .. names]);
        command.Parameters["$now"].Value = now;
        var i = 0;
        foreach (var recipient in recipients)
            command.Parameters[names[i++]].Value = recipient;
        return command;
    }

    private static List<Candidate> ReadCandidates(SqliteCommand select)
    {
        var candidates = new List<Candidate>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            candidates.Add(new Candidate(reader.GetString(0), reader.GetInt64(1), NullableInt64(reader, 2), reader.GetString(3), reader.GetString(4),
                NullableInt64(reader, 5), reader.GetInt32(6), NullableInt64(reader, 7), reader.GetInt32(8)));
        }

        return candidates;
    }

    private static long? NullableInt64(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

}
