using Microsoft.Data.Sqlite;

namespace Gateway.Store.Events;

/// <summary>
/// Appends events inside a write transaction. SQLite serialises write transactions, so the last hash
/// read at the start is still the last one when this transaction commits: the chain cannot fork.
/// </summary>
internal sealed class EventAppender : IDisposable
{
    private readonly SqliteCommand _insert;
    private byte[] _last;

    public EventAppender(SqliteConnection connection, SqliteTransaction transaction)
    {
        using (var last = connection.CreateCommand())
        {
            last.Transaction = transaction;
            last.CommandText = "SELECT hash FROM events ORDER BY seq DESC LIMIT 1";
            _last = last.ExecuteScalar() as byte[] ?? EventChain.Genesis;
        }

        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = """
            INSERT INTO events (document_seq, at, kind, org, delivery_id, attempt, status, detail, hash)
            VALUES ($doc, $at, $kind, $org, $delivery, $attempt, $status, $detail, $hash)
            """;
        foreach (var name in new[] { "$doc", "$at", "$kind", "$org", "$delivery", "$attempt", "$status", "$detail", "$hash" })
            _insert.Parameters.Add(new SqliteParameter(name, null));
    }

    /// <summary>Where the chain ends now; pass it to <see cref="RewindTo"/> after rolling back a savepoint.</summary>
    public byte[] Position => _last;

    /// <summary>Forgets events appended since <paramref name="position"/>, whose rows a savepoint rollback removed.</summary>
    public void RewindTo(byte[] position) => _last = position;

    public void Append(in DocumentEvent e)
    {
        var hash = EventChain.Hash(_last, e);
        var p = _insert.Parameters;
        p["$doc"].Value = e.DocumentSeq;
        p["$at"].Value = e.At;
        p["$kind"].Value = e.Kind;
        p["$org"].Value = e.Org;
        p["$delivery"].Value = e.DeliveryId;
        p["$attempt"].Value = e.Attempt;
        p["$status"].Value = e.Status;
        p["$detail"].Value = e.Detail;
        p["$hash"].Value = hash;
        _insert.ExecuteNonQuery();
        _last = hash;
    }

    public void Dispose() => _insert.Dispose();
}
