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
    private readonly RawStatement _status;
    private readonly RawStatement _delivery;
    private readonly EventAppender _events;
    private readonly long _now;

    public StatusWriter(SqliteConnection connection, SqliteTransaction transaction, EventAppender events, long now)
    {
        _events = events;
        _now = now;
        // Status 01 follows every acknowledgement: bound by position, not looked up by name.
        _status = new RawStatement(connection, """
            INSERT INTO statuses (document_seq, from_org, to_org, code, description, staff, reported_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id
            """);
        _delivery = new RawStatement(connection, """
            INSERT INTO deliveries (id, document_seq, status_id, recipient, requested, priority, visible_at)
            VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)
            """);
        _status.Bind(7, now);
        _delivery.Bind(6, now);
    }

    /// <summary>Writes the status once per addressee and returns the id of the first (the status's id).</summary>
    public long Write(long documentSeq, string from, IReadOnlyList<string> to, DocumentStatus code, string description, StaffInfo? staff, int priority)
    {
        long first = 0;
        foreach (var addressee in to)
        {
            _status.Bind(1, documentSeq);
            _status.Bind(2, from);
            _status.Bind(3, addressee);
            _status.Bind(4, (int)code);
            _status.Bind(5, description);
            _status.Bind(6, staff?.ToByteArray());
            var id = _status.ExecuteInt64();
            first = first == 0 ? id : first;

            var deliveryId = Guid.CreateVersion7().ToString("D");
            _delivery.Bind(1, deliveryId);
            _delivery.Bind(2, documentSeq);
            _delivery.Bind(3, id);
            _delivery.Bind(4, addressee);
            _delivery.Bind(5, priority);
            _delivery.Execute();
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
