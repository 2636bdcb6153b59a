using Gateway.Exchange;
using Gateway.Protocol.V1;
using Gateway.Store.Sqlite;
using Gateway.Systems;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Gateway.Tracking;

/// <summary>GetTrace: a document's signed header and every event of it, for its sender and recipients only.</summary>
internal sealed class TraceReader(SqliteStore store)
{
    public GetTraceResponse Read(AuthenticatedCaller caller, string documentId)
    {
        if (string.IsNullOrEmpty(documentId))
            throw RpcErrors.InvalidArgument("document_id", "is empty");
        using var connection = store.OpenConnection();
        var document = DocumentFacts.Load(connection, null, documentId);
        // Unknown and not visible answer alike, so a trace cannot be used to probe for documents.
        if (document is null || !document.IsVisibleTo(caller.OrgCodes))
            throw RpcErrors.NotFound($"document_id: no document '{documentId}' is visible to system '{caller.SystemName}'");

        var response = new GetTraceResponse { DocumentId = documentId };
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT header, signature FROM documents WHERE seq = $seq";
        command.Parameters.AddWithValue("$seq", document.Seq);
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            response.Header = new SignedHeader { Header = ByteString.CopyFrom((byte[])reader[0]), Signature = ByteString.CopyFrom((byte[])reader[1]) };
        }

        command.CommandText = "SELECT seq, at, kind, org, delivery_id, attempt, status, detail FROM events WHERE document_seq = $seq ORDER BY seq";
        var node = store.StoreId.ToString("D");
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                response.Events.Add(new TraceEvent
                {
                    Sequence = (ulong)reader.GetInt64(0),
                    At = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))),
                    Kind = reader.GetString(2),
                    Org = reader.GetString(3),
                    DeliveryId = reader.GetString(4),
                    Attempt = (uint)reader.GetInt32(5),
                    Status = (DocumentStatus)reader.GetInt32(6),
                    Detail = reader.GetString(7),
                    Node = node,
                });
            }
        }

        return response;
    }
}
