using Gateway.Configuration;
using Gateway.Protocol.V1;
using Gateway.Store.Blobs;
using Gateway.Store.Sqlite;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Data.Sqlite;

namespace Gateway.Queues;

/// <summary>
/// Turns leased delivery rows into the messages recipients receive: the document's header exactly as
/// signed, its payload inline when it fits Limits:InlinePayloadBytes (otherwise a fetch handle), or the
/// status notice.
/// </summary>
internal sealed class DeliveryMessages(SqliteStore store, BlobStore blobs, GatewayOptions options, Observability.Metrics.GatewayMetrics metrics)
{
    public IReadOnlyList<Protocol.V1.Delivery> Build(IReadOnlyList<LeasedRow> rows)
    {
        if (rows.Count == 0)
            return [];
        using var connection = store.OpenConnection();
        using var document = connection.CreateCommand();
        // A small payload is in the payloads table (Store:SmallPayloadBytes), any other in its blob file.
        document.CommandText = """
            SELECT d.id, d.header, d.signature, d.payload_sha256, d.payload_size, d.accepted_at, p.bytes
            FROM documents d LEFT JOIN payloads p ON p.sha256 = d.payload_sha256 WHERE d.seq = $seq
            """;
        var documentSeq = document.Parameters.Add("$seq", SqliteType.Integer);
        using var status = connection.CreateCommand();
        status.CommandText = """
            SELECT x.id, s.from_org, s.to_org, s.code, s.description, s.staff, s.reported_at
            FROM statuses s JOIN documents x ON x.seq = s.document_seq WHERE s.id = $id
            """;
        var statusId = status.Parameters.Add("$id", SqliteType.Integer);

        var deliveries = new List<Protocol.V1.Delivery>(rows.Count);
        foreach (var row in rows)
        {
            var delivery = new Protocol.V1.Delivery
            {
                DeliveryId = row.DeliveryId,
                Recipient = row.Recipient,
                Attempt = (uint)row.Attempt,
                LeaseExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(row.LeaseExpiresAt)),
            };
            if (row.StatusId is { } id)
            {
                statusId.Value = id;
                delivery.Status = ReadStatus(status);
            }
            else
            {
                documentSeq.Value = row.DocumentSeq;
                delivery.Document = ReadDocument(document, row);
            }

            deliveries.Add(delivery);
        }

        return deliveries;
    }

    private IncomingDocument ReadDocument(SqliteCommand command, LeasedRow row)
    {
        using var reader = command.ExecuteReader();
        reader.Read();
        var sha256 = (byte[])reader[3];
        var size = reader.GetInt64(4);
        var incoming = new IncomingDocument
        {
            DocumentId = reader.GetString(0),
            Header = new SignedHeader { Header = ByteString.CopyFrom((byte[])reader[1]), Signature = ByteString.CopyFrom((byte[])reader[2]) },
            AcceptedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))),
        };
        if (size <= options.Limits.InlinePayloadBytes)
        {
            var bytes = reader.IsDBNull(6) ? File.ReadAllBytes(blobs.PathOf(sha256)) : (byte[])reader[6];
            incoming.Payload = UnsafeByteOperations.UnsafeWrap(bytes);
            metrics.PayloadSent(size);
        }
        else
            incoming.FetchHandle = incoming.DocumentId;

        if (row.RedirectEffectiveAt is { } effective)
        {
            incoming.Redirection = new Redirection
            {
                FromCode = row.Requested,
                ToCode = row.Recipient,
                EffectiveAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(effective)),
            };
        }

        return incoming;
    }

    private static StatusNotice ReadStatus(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        reader.Read();
        return new StatusNotice
        {
            DocumentId = reader.GetString(0),
            FromOrg = reader.GetString(1),
            ToOrg = reader.GetString(2),
            Code = (DocumentStatus)reader.GetInt32(3),
            Description = reader.GetString(4),
            Staff = reader.IsDBNull(5) ? null : StaffInfo.Parser.ParseFrom((byte[])reader[5]),
            ReportedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))),
        };
    }
}
