using Gateway.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gateway.DeadLetters;

/// <summary>
/// The dead-letter queue: deliveries in state 3, which no recipient will receive until an operator
/// replays them. Works on the store directly, so it is safe beside a running daemon: each change is
/// one SQLite write transaction with its audit events, and the daemon's next Pull sees it.
/// </summary>
/// <remarks>
/// Changes by recipient or of everything run in batches of <see cref="BatchSize"/>, one transaction
/// each, so a large purge never holds the store's write lock long enough to stall the daemon's
/// senders and receivers. Changes by id are one transaction: all of them or none.
/// </remarks>
internal sealed partial class DeadLetterStore(SqliteStore store, TimeProvider time)
{
    /// <summary>Rows changed per write transaction when working by recipient or on everything.</summary>
    public const int BatchSize = 500;

    /// <summary>The most dead letters one page lists.</summary>
    public const int MaxPageSize = 10_000;

    private const int Dead = 3;

    /// <summary>
    /// Dead letters oldest first (by when they were dead-lettered, then delivery id), for one
    /// recipient or all, <paramref name="limit"/> at a time, starting after the delivery id
    /// <paramref name="after"/> (the <see cref="DeadLetterPage.Next"/> of the previous page).
    /// </summary>
    /// <exception cref="DeadLetterException"><paramref name="after"/> is not a dead-lettered delivery.</exception>
    public DeadLetterPage List(string? recipient, int limit, string? after = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: true);
        long afterAt = long.MinValue;
        var afterId = "";
        if (after is not null)
        {
            using var find = Command(connection, transaction, "SELECT COALESCE(settled_at, 0) FROM deliveries WHERE id = $id AND state = 3");
            find.Parameters.AddWithValue("$id", after);
            afterAt = find.ExecuteScalar() as long? ?? throw new DeadLetterException($"after: '{after}' is not a dead-lettered delivery id");
            afterId = after;
        }

        using var command = Command(connection, transaction, """
            SELECT d.id, x.id, d.status_id IS NOT NULL, d.recipient, d.requested, d.attempts, COALESCE(d.dead_reason, ''), COALESCE(d.settled_at, 0)
            FROM deliveries d JOIN documents x ON x.seq = d.document_seq
            WHERE d.state = 3 AND ($recipient IS NULL OR d.recipient = $recipient)
              AND (COALESCE(d.settled_at, 0), d.id) > ($afterAt, $afterId)
            ORDER BY COALESCE(d.settled_at, 0), d.id
            LIMIT $limit
            """);
        command.Parameters.AddWithValue("$recipient", (object?)recipient ?? DBNull.Value);
        command.Parameters.AddWithValue("$afterAt", afterAt);
        command.Parameters.AddWithValue("$afterId", afterId);
        // One more than asked tells whether another page follows.
        command.Parameters.AddWithValue("$limit", limit + 1);
        var items = new List<DeadLetter>(Math.Min(limit, 256));
        var more = false;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (items.Count == limit)
                {
                    more = true;
                    break;
                }

                items.Add(new DeadLetter(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetString(3), reader.GetString(4),
                    reader.GetInt32(5), reader.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7))));
            }
        }

        transaction.Commit();
        return new DeadLetterPage(items, more ? items[^1].DeliveryId : null);
    }

    /// <summary>A delivery row as replay and purge check it before changing it.</summary>
    private sealed record Row(string Id, long DocumentSeq, bool IsStatus, string Recipient, int State, int Attempts, string Reason, long? ExpiresAt);

    /// <summary>
    /// Reads the rows of <paramref name="ids"/> (duplicates ignored) and refuses the whole request,
    /// naming every id at fault, when one is unknown or not dead-lettered, or fails <paramref name="check"/>.
    /// </summary>
    private static List<Row> RequireDeadLetters(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<string> ids, Func<Row, string?>? check = null)
    {
        if (ids.Count == 0)
            throw new DeadLetterException("no delivery id given");
        using var find = Command(connection, transaction, """
            SELECT d.document_seq, d.status_id IS NOT NULL, d.recipient, d.state, d.attempts, COALESCE(d.dead_reason, ''), x.expires_at
            FROM deliveries d JOIN documents x ON x.seq = d.document_seq WHERE d.id = $id
            """);
        var id = find.Parameters.Add("$id", SqliteType.Text);
        var rows = new List<Row>(ids.Count);
        var problems = new List<string>();
        foreach (var value in ids.Distinct(StringComparer.Ordinal))
        {
            id.Value = value;
            using var reader = find.ExecuteReader();
            if (!reader.Read())
            {
                problems.Add($"unknown delivery id '{value}'");
                continue;
            }

            var row = new Row(value, reader.GetInt64(0), reader.GetBoolean(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetInt64(6));
            var problem = row.State == Dead ? check?.Invoke(row) : $"delivery '{value}' is {StateName(row.State)}, not dead-lettered";
            if (problem is not null)
                problems.Add(problem);
            else
                rows.Add(row);
        }

        if (problems.Count > 0)
            throw new DeadLetterException(string.Join("; ", problems));
        return rows;
    }

    /// <summary>Runs <paramref name="batch"/> in one write transaction after another until it changes fewer than <see cref="BatchSize"/> rows; returns the total.</summary>
    private int InBatches(Func<SqliteConnection, SqliteTransaction, long, int> batch)
    {
        var total = 0;
        while (true)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            using var connection = store.OpenConnection();
            using var transaction = connection.BeginTransaction(deferred: false);
            var changed = batch(connection, transaction, now);
            transaction.Commit();
            total += changed;
            if (changed < BatchSize)
                return total;
        }
    }

    private static string StateName(int state) => state switch
    {
        0 => "queued",
        1 => "leased to a recipient",
        2 => "acknowledged",
        _ => $"in state {state}",
    };

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static string FormatTime(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
