using Gateway.Store.Events;
using Microsoft.Data.Sqlite;

namespace Gateway.DeadLetters;

internal sealed partial class DeadLetterStore
{
    /// <summary>
    /// Removes the dead letters <paramref name="ids"/> for good: their delivery rows are deleted and a
    /// <c>purged</c> event, with the reason they were dead-lettered, is appended to each document's
    /// trace in the same transaction, so the history and the audit chain keep the fact. The document
    /// itself stays. One transaction: all of them or none.
    /// </summary>
    /// <exception cref="DeadLetterException">Nothing is changed when an id is unknown or not dead-lettered; the message names every such id.</exception>
    public int Purge(IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        var rows = RequireDeadLetters(connection, transaction, ids);
        PurgeRows(connection, transaction, rows, now);
        transaction.Commit();
        return rows.Count;
    }

    /// <summary>Purges every dead letter of <paramref name="recipient"/> (see <see cref="Purge"/>), in batches.</summary>
    public int PurgeRecipient(string recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return PurgeWhere("WHERE d.state = 3 AND d.recipient = $recipient ORDER BY d.settled_at, d.id LIMIT $limit", recipient);
    }

    /// <summary>Purges every dead letter (see <see cref="Purge"/>), in batches.</summary>
    public int PurgeAll() => PurgeWhere("WHERE d.state = 3 ORDER BY d.settled_at, d.id LIMIT $limit", null);

    private int PurgeWhere(string where, string? recipient) =>
        InBatches((connection, transaction, now) =>
        {
            var rows = Select(connection, transaction, where, recipient, now);
            PurgeRows(connection, transaction, rows, now);
            return rows.Count;
        });

    private static void PurgeRows(SqliteConnection connection, SqliteTransaction transaction, List<Row> rows, long now)
    {
        using var delete = Command(connection, transaction, "DELETE FROM deliveries WHERE id = $id AND state = 3");
        var id = delete.Parameters.Add("$id", SqliteType.Text);
        using var events = new EventAppender(connection, transaction);
        foreach (var row in rows)
        {
            id.Value = row.Id;
            delete.ExecuteNonQuery();
            events.Append(new DocumentEvent(row.DocumentSeq, now, "purged", row.Recipient, row.Id, row.Attempts,
                Detail: $"removed from the dead-letter queue by an operator; it was dead-lettered: {row.Reason}"));
        }
    }
}
