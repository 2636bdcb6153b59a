using Gateway.Protocol.V1;
using Gateway.Store.Sqlite;
using Gateway.Systems;
using Gateway.Tracking;
using Google.Protobuf;
using Grpc.Core;

namespace Gateway.Exchange;

/// <summary>Fetch: a payload that was not delivered inline, streamed from its blob file (or the payloads table, for a small one) with resume by offset.</summary>
internal sealed partial class DocumentExchangeService
{
    /// <summary>
    /// Bytes per FetchResponse: large enough that a big payload takes few messages, small enough to sit
    /// well under any client's default 4 MiB receive limit and to keep the server's buffer modest.
    /// </summary>
    public const int FetchChunkBytes = 256 * 1024;

    /// <summary>
    /// Streams the payload of the document named by <c>fetch_handle</c> (its document id) from
    /// <c>offset</c>. The first message carries total_size and sha256; every message its offset. Only the
    /// document's sender and the systems of its recipients may fetch it; to anyone else it does not exist.
    /// </summary>
    public override async Task Fetch(FetchRequest request, IServerStreamWriter<FetchResponse> responseStream, ServerCallContext context)
    {
        var caller = CallerContext.Get(context);
        var cancellationToken = context.CancellationToken;
        if (string.IsNullOrEmpty(request.FetchHandle))
            throw RpcErrors.InvalidArgument("fetch_handle", "is empty: pass the fetch_handle of the delivered document");

        // The store is resolved per call: the service's constructor is shared with the other partial files.
        var (sha256, size, smallPayload) = OnStore(() => FindPayload(store, caller, request.FetchHandle));
        if (request.Offset < 0 || request.Offset > size)
            throw new RpcException(new Status(StatusCode.OutOfRange, $"offset: {request.Offset} is outside the payload (0 to {size} bytes)"));

        await using Stream file = smallPayload is not null
            ? new MemoryStream(smallPayload, writable: false)
            : blobs.TryOpenRead(sha256) ?? throw PayloadLost(request.FetchHandle, $"its payload file {Convert.ToHexStringLower(sha256)} is missing");
        if (file.Length != size)
            throw PayloadLost(request.FetchHandle, $"its payload file is {file.Length} bytes but the document says {size}");

        file.Seek(request.Offset, SeekOrigin.Begin);
        var buffer = new byte[(int)Math.Min(FetchChunkBytes, Math.Max(size - request.Offset, 1))];
        var offset = request.Offset;
        var first = new FetchResponse { Offset = offset, TotalSize = size, Sha256 = ByteString.CopyFrom(sha256) };
        if (offset == size)
        {
            // Nothing left to send, but the client still learns the size and digest.
            await responseStream.WriteAsync(first, cancellationToken);
            return;
        }

        while (offset < size)
        {
            var read = await file.ReadAsync(buffer, cancellationToken);
            if (read == 0)
                throw PayloadLost(request.FetchHandle, $"its payload file ended at byte {offset} of {size}");
            var message = offset == request.Offset ? first : new FetchResponse { Offset = offset };
            // Wrapped, not copied: WriteAsync has serialised the message into the response before it
            // returns, and only then is the buffer read into again. A copy per chunk was a full copy of
            // the payload on the large-object heap (about 125 gen2 collections per GiB).
            message.Chunk = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, read));
            await responseStream.WriteAsync(message, cancellationToken);
            metrics.PayloadSent(read);
            offset += read;
        }
    }

    /// <summary>
    /// The payload's digest and size, and its bytes when it is stored in the database (small payloads),
    /// if the document exists and the caller may see it; else NOT_FOUND.
    /// </summary>
    private static (byte[] Sha256, long Size, byte[]? Small) FindPayload(SqliteStore store, AuthenticatedCaller caller, string documentId)
    {
        using var connection = store.OpenConnection();
        var document = DocumentFacts.Load(connection, null, documentId);
        // Unknown and not visible answer alike, so Fetch cannot be used to probe for documents.
        if (document is null || !document.IsVisibleTo(caller.OrgCodes))
            throw RpcErrors.NotFound($"fetch_handle: no document '{documentId}' is visible to system '{caller.SystemName}'");

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT d.payload_sha256, d.payload_size, p.bytes FROM documents d LEFT JOIN payloads p ON p.sha256 = d.payload_sha256 WHERE d.seq = $seq";
        command.Parameters.AddWithValue("$seq", document.Seq);
        using var reader = command.ExecuteReader();
        reader.Read();
        return ((byte[])reader[0], reader.GetInt64(1), reader.IsDBNull(2) ? null : (byte[])reader[2]);
    }

    private static RpcException PayloadLost(string documentId, string problem) =>
        new(new Status(StatusCode.DataLoss, $"document '{documentId}': {problem}; the gateway's blob store lost data, tell its operator"));
}
