using Gateway.Protocol.V1;
using Gateway.Store.Blobs;
using Grpc.Core;

namespace Gateway.Exchange.Upload;

/// <summary>
/// Reads the chunks of an Upload after its header and streams them into a <see cref="BlobWriter"/>,
/// checking size as they arrive and SHA-256 at the end. The payload is never held whole: each chunk is
/// one gRPC message (at most Limits:InlinePayloadBytes + 2 MiB), written and let go. On any refusal,
/// error or cancellation the temporary file is removed and nothing is stored.
/// </summary>
internal static class UploadReceiver
{
    /// <summary>Receives the rest of the stream; returns once the payload is durable at its content address.</summary>
    public static async Task ReceiveAsync(IAsyncStreamReader<UploadRequest> requests, BlobStore blobs, PayloadDescriptor described, CancellationToken cancellationToken)
    {
        using var writer = Open(blobs);
        var index = 1; // The header was message 1.
        while (await requests.MoveNext(cancellationToken))
        {
            index++;
            var message = requests.Current;
            switch (message.PartCase)
            {
                case UploadRequest.PartOneofCase.Chunk:
                    var chunk = message.Chunk;
                    // Refused as soon as the announced size is passed; the rest of the stream is not read.
                    if (chunk.Length > described.Size - writer.Length)
                    {
                        throw RpcErrors.InvalidArgument("chunk",
                            $"message {index} brings the payload to {writer.Length + chunk.Length} bytes, more than header.payload.size ({described.Size}); nothing was stored");
                    }

                    try
                    {
                        await writer.WriteAsync(chunk.Memory, cancellationToken);
                    }
                    catch (Exception ex) when (IsDiskError(ex))
                    {
                        throw Unavailable(ex);
                    }

                    break;
                case UploadRequest.PartOneofCase.Header:
                    throw RpcErrors.InvalidArgument("header", $"came again in message {index}: only the first message carries the header, every later one a chunk; nothing was stored");
                default:
                    throw RpcErrors.InvalidArgument("part", $"message {index} carries neither header nor chunk; nothing was stored");
            }
        }

        if (writer.Length < described.Size)
        {
            throw RpcErrors.InvalidArgument("chunk",
                $"the stream ended after {writer.Length} of {described.Size} bytes (header.payload.size); nothing was stored, upload the whole payload again");
        }

        try
        {
            writer.Commit(described.Sha256.Span, described.Size);
        }
        catch (Exception ex) when (IsDiskError(ex))
        {
            throw Unavailable(ex);
        }
        catch (BlobMismatchException ex)
        {
            throw RpcErrors.InvalidArgument("chunk",
                $"the payload's SHA-256 is {Convert.ToHexStringLower(ex.ActualSha256)} but header.payload.sha256 says {Convert.ToHexStringLower(ex.ExpectedSha256)}: the payload was altered, or the header describes another file; nothing was stored");
        }
    }

    /// <summary>A disk that refuses the bytes (full, permissions) is UNAVAILABLE to the caller, as for Send.</summary>
    private static bool IsDiskError(Exception ex) => ex is IOException or UnauthorizedAccessException;

    private static BlobWriter Open(BlobStore blobs)
    {
        try
        {
            return blobs.OpenWriter();
        }
        catch (Exception ex) when (IsDiskError(ex))
        {
            throw Unavailable(ex);
        }
    }

    private static RpcException Unavailable(Exception ex) =>
        RpcErrors.Unavailable($"the payload could not be stored ({ex.Message.TrimEnd('.')}); nothing was stored, retry with the same client_reference");
}
