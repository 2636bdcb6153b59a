using Gateway.Store.Events;
using Microsoft.Data.Sqlite;

namespace Gateway.DeadLetters;

internal sealed partial class DeadLetterStore
{
    /// <summary>
    /// Offers the dead letters <paramref name="ids"/> again, now, under the same delivery ids: queued,
    /// visible at once, attempts reset to 0, reason cleared, and a <c>replayed</c> event on each
    /// document's trace. One transaction: all of them or none.
    /// </summary>
    /// <exception cref="DeadLetterException">
    /// Nothing is changed when an id is unknown or not dead-lettered, or its document has expired (a
    /// replay would only dead-letter it again); the message names every such id.
    /// </exception>
    public int Replay(IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        var rows = RequireDeadLetters(connection, transaction, ids, row => IsExpired(row, now)
            ? $"delivery '{row.Id}': its document expired at {FormatTime(row.ExpiresAt!.Value)}, so a replay would dead-letter it again (purge it instead)"
            : null);
        using var update = ReplayCommand(connection, transaction, now);
        using var events = new EventAppender(connection, transaction);
        foreach (var row in rows)
            ReplayRow(update, events, row, now);
        transaction.Commit();
        return rows.Count;
    }

    /// <summary>
    /// Offers every dead letter of <paramref name="recipient"/> again (see <see cref="Replay"/>), in
    /// batches; those whose document has expired stay dead-lettered and are counted as skipped.
    /// </summary>
    public ReplayOutcome ReplayRecipient(string recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var replayed = InBatches((connection, transaction, now) =>
        {
            var rows = Select(connection, transaction, """
                WHERE d.state = 3 AND d.recipient = $recipient
                  AND NOT (d.status_id IS NULL AND x.expires_at IS NOT NULL AND x.expires_at <= $now)
                ORDER BY d.settled_at, d.id LIMIT $limit
                """, recipient, now);
            using var update = ReplayCommand(connection, transaction, now);
            using var events = new EventAppender(connection, transaction);
            foreach (var row in rows)
                ReplayRow(update, events, row, now);
            return rows.Count;
        });

        using var connection = store.OpenConnection();
        using var count = Command(connection, null, """
            SELECT COUNT(*) FROM deliveries d JOIN documents x ON x.seq = d.document_seq
            WHERE d.state = 3 AND d.recipient = $recipient AND d.status_id IS NULL AND x.expires_at IS NOT NULL AND x.expires_at <= $now
            """);
        count.Parameters.AddWithValue("$recipient", recipient);
        count.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        return new ReplayOutcome(replayed, (int)(long)count.ExecuteScalar()!);
    }

    private static bool IsExpired(Row row, long now) => !row.IsStatus && row.ExpiresAt is { } expires && expires <= now;

    private static SqliteCommand ReplayCommand(SqliteConnection connection, SqliteTransaction transaction, long now)
    {
        var update = Command(connection, transaction, """
            UPDATE deliveries SET state = 0, attempts = 0, visible_at = $now, dead_reason = NULL, settled_at = NULL
            WHERE id = $id AND state = 3
            """);
        update.Parameters.AddWithValue("$now", now);
        update.Parameters.Add("$id", SqliteType.Text);
        return update;
    }

    private static void ReplayRow(SqliteCommand update, EventAppender events, Row row, long now)
    {
        update.Parameters["$id"].Value = row.Id;
        update.ExecuteNonQuery();
        events.Append(new DocumentEvent(row.DocumentSeq, now, "replayed", row.Recipient, row.Id,
            Detail: $"offered again by an operator after {row.Attempts} attempts; it was dead-lettered: {row.Reason}"));
    }

    /// <summary>Dead-letter rows chosen by <paramref name="where"/> (which may use $recipient, $now and $limit = <see cref="BatchSize"/>).</summary>
    private static List<Row> Select(SqliteConnection connection, SqliteTransaction transaction, string where, string? recipient, long now)
    {
        using var command = Command(connection, transaction, $"""
            SELECT d.id, d.document_seq, d.status_id IS NOT NULL, d.recipient, d.state, d.attempts, COALESCE(d.dead_reason, ''), x.expires_at
            FROM deliveries d JOIN documents x ON x.seq = d.document_seq
            {where}
            """);
        command.Parameters.AddWithValue("$recipient", (object?)recipient ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$limit", BatchSize);
        var rows = new List<Row>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new Row(reader.GetString(0), reader.GetInt64(1), reader.GetBoolean(2), reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5),
                reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetInt64(7)));
        }

        return rows;
    }
}
