using System.Diagnostics;
using Gateway.Protocol.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Gateway.Load.Scenarios.Upload;

/// <summary>
/// The sender's side, timed: DocumentExchange.Upload with the signed header first, then the payload
/// in <see cref="ChunkBytes"/> chunks made from their offsets as they are sent (one chunk in memory),
/// until the gateway's receipt, which it returns only once the payload, the document and its delivery
/// are durable. The gateway refuses the upload if the bytes do not hash to the header's SHA-256.
/// </summary>
internal static class LargeUpload
{
    /// <summary>As `gateway send` uploads (src/Gateway/Cli/Client/Uploader.cs): well under the gateway's message limit.</summary>
    public const int ChunkBytes = 1 << 20;

    /// <summary>The receipt, the whole call's time, and the part of it after the last chunk was written (blob fsync, commit, receipt).</summary>
    public static async Task<(Receipt Receipt, TimeSpan Elapsed, TimeSpan AfterLastChunk)> RunAsync(
        DocumentExchange.DocumentExchangeClient client, Metadata credentials, SignedHeader header, PatternContent content,
        Action<long> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var call = client.Upload(credentials, DateTime.UtcNow.AddMinutes(15), cancellationToken);
        await call.RequestStream.WriteAsync(new UploadRequest { Header = header }, cancellationToken);
        // One buffer, wrapped rather than copied: WriteAsync has serialized the message when it returns.
        var buffer = new byte[ChunkBytes];
        long sent = 0;
        while (sent < content.Size)
        {
            var length = (int)Math.Min(ChunkBytes, content.Size - sent);
            content.Fill(sent, buffer.AsSpan(0, length));
            await call.RequestStream.WriteAsync(new UploadRequest { Chunk = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, length)) }, cancellationToken);
            sent += length;
            if (sent % (64 * ChunkBytes) == 0)
                progress(sent);
        }

        await call.RequestStream.CompleteAsync();
        var lastChunk = clock.Elapsed;
        var response = await call.ResponseAsync;
        return (response.Receipt, clock.Elapsed, clock.Elapsed - lastChunk);
    }
}
