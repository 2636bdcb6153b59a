using Gateway.Protocol.V1;
using Gateway.Store.Events;
using Gateway.Store.Sqlite;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace Gateway.Queues;

/// <summary>
/// Records a status on a document and queues it, through the same durable delivery queues as
/// documents, for each organisation it is addressed to. Runs inside the caller's write transaction.
/// </summary>
internal sealed class StatusWriter : IDisposable
{
    private readonly SqliteCommand _status;
    private readonly SqliteCommand _delivery;
    private readonly EventAppender _events;
    private readonly long _now;

    public StatusWriter(SqliteConnection connection, SqliteTransaction transaction, EventAppender events, long now)
    {
        _events = events;
        _now = now;
        _status = connection.Prepare(transaction, """
            INSERT INTO statuses (document_seq, from_org, to_org, code, description, staff, reported_at)
            VALUES ($seq, $from, $to, $code, $description, $staff, $now) RETURNING id
            """, "$seq", "$from", "$to", "$code", "$description", "$staff", "$now");
        _delivery = connection.Prepare(transaction, """
            INSERT INTO deliveries (id, document_seq, status_id, recipient, requested, priority, visible_at)
            VALUES ($id, $seq, $status, $to, $to, $priority, $now)
            """, "$id", "$seq", "$status", "$to", "$priority", "$now");
        _status.Parameters["$now"].Value = now;
        _delivery.Parameters["$now"].Value = now;
    }

    /// <summary>Writes the status once per addressee and returns the id of the first (the status's id).</summary>
    public long Write(long documentSeq, string from, IReadOnlyList<string> to, DocumentStatus code, string description, StaffInfo? staff, int priority)
    {
        long first = 0;
        foreach (var addressee in to)
        {
            _status.Parameters["$seq"].Value = documentSeq;
            _status.Parameters["$from"].Value = from;
            _status.Parameters["$to"].Value = addressee;
            _status.Parameters["$code"].Value = (int)code;
            _status.Parameters["$description"].Value = description;
            _status.Parameters["$staff"].Value = staff is null ? DBNull.Value : staff.ToByteArray();
            var id = (long)_status.ExecuteScalar()!;
            first = first == 0 ? id : first;

            var deliveryId = Guid.CreateVersion7().ToString("D");
            _delivery.Parameters["$id"].Value = deliveryId;
            _delivery.Parameters["$seq"].Value = documentSeq;
            _delivery.Parameters["$status"].Value = id;
            _delivery.Parameters["$to"].Value = addressee;
            _delivery.Parameters["$priority"].Value = priority;
            _delivery.ExecuteNonQuery();
            _events.Append(new DocumentEvent(documentSeq, _now, "status", from, deliveryId, Status: (int)code,
                Detail: $"{(int)code:00} {code} to {addressee}{(description.Length > 0 ? ": " + description : "")}"));
        }

        return first;
    }


    public void Dispose()
    {
        _status.Dispose();
        _delivery.Dispose();
    }
}
