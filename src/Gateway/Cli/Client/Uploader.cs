using Gateway.Protocol.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Gateway.Cli.Client;

/// <summary>
/// `gateway send` for a file too large to send inline: DocumentExchange.Upload with the signed header
/// first, then the payload (the file, or its envelope encrypted as the file is read) in
/// <see cref="ChunkBytes"/> chunks, in order. Only one chunk is in memory at a time. The gateway stores nothing unless every byte arrives and matches the header's
/// size and SHA-256, so a broken upload is simply repeated (same --ref, same header bytes).
/// </summary>
internal static class Uploader
{
    /// <summary>Bytes per chunk: well under the gateway's message limit (Limits:InlinePayloadBytes + 2 MiB) whatever that is.</summary>
    public const int ChunkBytes = 1 << 20;

    /// <summary>Time allowed per MiB on top of the base deadline, so a large file is not cut off by the clock (about 1 MiB/s at worst).</summary>
    private static readonly TimeSpan PerMebibyte = TimeSpan.FromSeconds(1);

    /// <summary>The deadline of a call moving <paramref name="bytes"/> bytes: the base one plus a second per MiB.</summary>
    public static TimeSpan Deadline(TimeSpan baseTimeout, long bytes) => baseTimeout + PerMebibyte * Math.Ceiling(bytes / (double)ChunkBytes);

    public static async Task<SendResponse> UploadAsync(
        ClientConnection connection, OutgoingDocument document, string reference, PayloadSource source, TimeSpan baseTimeout, bool progress, CancellationToken cancellationToken)
    {
        var size = document.Size;
        var path = source.Path;
        await using var file = source.Open();
        var display = TransferProgress.Start(progress, $"sending {Path.GetFileName(path)}", size);
        using var call = connection.Exchange.Upload(connection.Call(Deadline(baseTimeout, size), cancellationToken));
        long sent = 0;
        try
        {
            await call.RequestStream.WriteAsync(new UploadRequest { Header = document.Signed(reference) }, cancellationToken);
            var buffer = new byte[(int)Math.Min(ChunkBytes, Math.Max(size, 1))];
            while (sent < size)
            {
                // Never more than the header says: a file that grew since it was hashed is cut at its declared size.
                var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size - sent)), cancellationToken);
                if (read == 0)
                    throw new IOException($"'{path}' ended at byte {sent} of {size}: it changed while being sent");
                await call.RequestStream.WriteAsync(new UploadRequest { Chunk = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken);
                sent += read;
                display.Report(sent);
            }

            await call.RequestStream.CompleteAsync();
            return await call.ResponseAsync;
        }
        catch (InvalidOperationException) when (TryGetStatus(call) is { } status)
        {
            // A write to a call the gateway already ended (a refused header, say): its answer is the real failure.
            throw new RpcException(status);
        }
        finally
        {
            display.Finish(sent);
        }
    }

    private static Status? TryGetStatus(AsyncClientStreamingCall<UploadRequest, SendResponse> call)
    {
        try
        {
            var status = call.GetStatus();
            return status.StatusCode == StatusCode.OK ? null : status;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
