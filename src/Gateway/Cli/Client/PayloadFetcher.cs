using System.Security.Cryptography;
using Gateway.Protocol.V1;
using Grpc.Core;

namespace Gateway.Cli.Client;

/// <summary>
/// Downloads a payload that was not delivered inline (DocumentExchange.Fetch) into a temporary file of
/// the <see cref="Inbox"/>, hashing as it writes. A stream that breaks is resumed from the bytes already
/// written, up to <see cref="MaxAttempts"/> calls in all. The file is fsynced, and handed back, only
/// when its size and SHA-256 match the header; otherwise it is deleted and the reason returned, so the
/// delivery is nacked and offered again later.
/// </summary>
internal sealed class PayloadFetcher(ClientConnection connection, bool progress)
{
    public const int MaxAttempts = 3;

    private static readonly TimeSpan BaseTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(500);

    /// <summary>What came of one fetch: the fsynced temporary file, or why there is none.</summary>
    public sealed record Outcome(string? Path, string? Failure);

    public async Task<Outcome> FetchAsync(string handle, PayloadDescriptor described, string fileLabel, string tempPath, CancellationToken cancellationToken)
    {
        var size = described.Size;
        var display = TransferProgress.Start(progress, $"fetching {fileLabel}", size);
        long written = 0;
        var kept = false;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, FileOptions.Asynchronous))
            {
                string? broken = null;
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        var refusal = await ReadStreamAsync(handle, described, file, hash, written, n => display.Report(written = n), cancellationToken);
                        if (refusal is not null)
                            return new Outcome(null, refusal);
                        if (written == size)
                            break;
                        broken = $"the Fetch stream ended at byte {written} of {size}";
                    }
                    catch (RpcException ex) when (Resumable(ex.StatusCode) && !cancellationToken.IsCancellationRequested)
                    {
                        broken = $"Fetch failed at byte {written} of {size}: {RpcFailures.Describe(ex, connection.Endpoint)}";
                    }
                    catch (RpcException ex)
                    {
                        return new Outcome(null, $"Fetch of the payload failed: {RpcFailures.Describe(ex, connection.Endpoint)}");
                    }

                    if (attempt == MaxAttempts)
                        return new Outcome(null, $"{broken}, after {MaxAttempts} attempts; nothing kept");
                    await Task.Delay(RetryPause * attempt, cancellationToken);
                }

                var sha256 = hash.GetHashAndReset();
                if (!described.Sha256.Span.SequenceEqual(sha256))
                {
                    return new Outcome(null,
                        $"the fetched payload ({written} bytes, SHA-256 {Convert.ToHexStringLower(sha256)}) does not match its header " +
                        $"({size} bytes, SHA-256 {Convert.ToHexStringLower(described.Sha256.Span)}); nothing kept");
                }

                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            kept = true;
            return new Outcome(tempPath, null);
        }
        finally
        {
            display.Finish(written);
            if (!kept)
                File.Delete(tempPath);
        }
    }

    /// <summary>
    /// One Fetch call from <paramref name="offset"/>, appending to <paramref name="file"/>. Returns a
    /// reason when the gateway's answer cannot be right (no retry would help), null otherwise; a broken
    /// stream surfaces as the RpcException.
    /// </summary>
    private async Task<string?> ReadStreamAsync(
        string handle, PayloadDescriptor described, FileStream file, IncrementalHash hash, long offset, Action<long> advanced, CancellationToken cancellationToken)
    {
        var request = new FetchRequest { FetchHandle = handle, Offset = offset };
        using var call = connection.Exchange.Fetch(request, connection.Call(Uploader.Deadline(BaseTimeout, described.Size - offset), cancellationToken));
        var first = true;
        await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (first)
            {
                first = false;
                if (message.TotalSize != described.Size || !message.Sha256.Span.SequenceEqual(described.Sha256.Span))
                {
                    return $"the gateway's payload ({message.TotalSize} bytes, SHA-256 {Convert.ToHexStringLower(message.Sha256.Span)}) " +
                        $"is not the one its header describes ({described.Size} bytes, SHA-256 {Convert.ToHexStringLower(described.Sha256.Span)}); nothing kept";
                }
            }

            if (message.Chunk.IsEmpty)
                continue;
            if (message.Offset != offset || offset + message.Chunk.Length > described.Size)
                return $"the gateway sent bytes {message.Offset}..{message.Offset + message.Chunk.Length} when {offset} of {described.Size} were expected; nothing kept";

            await file.WriteAsync(message.Chunk.Memory, cancellationToken);
            hash.AppendData(message.Chunk.Span);
            offset += message.Chunk.Length;
            advanced(offset);
        }

        return null;
    }

    /// <summary>Failures of the stream or the connection rather than the gateway's considered refusal.</summary>
    private static bool Resumable(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown
            or StatusCode.Aborted or StatusCode.Cancelled or StatusCode.ResourceExhausted;
}
