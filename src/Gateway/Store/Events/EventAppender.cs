using Gateway.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gateway.Store.Events;

/// <summary>
/// Appends events inside a write transaction. SQLite serialises write transactions, so the last hash
/// read at the start is still the last one when this transaction commits: the chain cannot fork.
/// </summary>
internal sealed class EventAppender : IDisposable
{
    private readonly RawStatement _insert;
    private byte[] _last;

    public EventAppender(SqliteConnection connection, SqliteTransaction transaction)
    {
        using (var last = connection.CreateCommand())
        {
            last.Transaction = transaction;
            last.CommandText = "SELECT hash FROM events ORDER BY seq DESC LIMIT 1";
            _last = last.ExecuteScalar() as byte[] ?? EventChain.Genesis;
        }

        // Every state change of every delivery is an event: bound by position, not looked up by name.
        _insert = new RawStatement(connection, """
            INSERT INTO events (document_seq, at, kind, org, delivery_id, attempt, status, detail, hash)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """);
    }

    /// <summary>Where the chain ends now; pass it to <see cref="RewindTo"/> after rolling back a savepoint.</summary>
    public byte[] Position => _last;

    /// <summary>Forgets events appended since <paramref name="position"/>, whose rows a savepoint rollback removed.</summary>
    public void RewindTo(byte[] position) => _last = position;

    public void Append(in DocumentEvent e)
    {
        var hash = EventChain.Hash(_last, e);
        _insert.Bind(1, e.DocumentSeq);
        _insert.Bind(2, e.At);
        _insert.Bind(3, e.Kind);
        _insert.Bind(4, e.Org);
        _insert.Bind(5, e.DeliveryId);
        _insert.Bind(6, e.Attempt);
        _insert.Bind(7, e.Status);
        _insert.Bind(8, e.Detail);
        _insert.Bind(9, hash);
        _insert.Execute();
        _last = hash;
    }

    public void Dispose() => _insert.Dispose();
}
