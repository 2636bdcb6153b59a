using System.Diagnostics;
using System.Security.Cryptography;
using Gateway.Protocol.V1;
using Grpc.Core;

namespace Gateway.Load.Scenarios.Upload;

/// <summary>
/// The recipient's side: Pull the delivery (its payload is not inline, so it carries a fetch
/// handle), then, timed, DocumentExchange.Fetch read to the end, each chunk checked to follow the last
/// and hashed as it arrives (nothing written, nothing held), the SHA-256 compared with what the sender
/// sent; then ACK the delivery, as a recipient does once it has the document.
/// </summary>
internal static class LargeFetch
{
    public sealed record Result(long Bytes, int Messages, TimeSpan Elapsed);

    public static async Task<Delivery> PullAsync(
        DocumentExchange.DocumentExchangeClient client, Metadata credentials, string code, string documentId, CancellationToken cancellationToken)
    {
        // The delivery is queued in the same commit as the receipt; a few tries cover a slow machine.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var pulled = await client.PullAsync(new PullRequest { OrgCodes = { code }, MaxDeliveries = 1 }, credentials, DateTime.UtcNow.AddSeconds(30), cancellationToken);
            if (pulled.Deliveries.FirstOrDefault(d => d.Document?.DocumentId == documentId) is { } delivery)
                return delivery;
            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException($"Pull for {code} did not return document {documentId} within 5 s of its receipt");
    }

    public static async Task<Result> FetchAsync(
        DocumentExchange.DocumentExchangeClient client, Metadata credentials, IncomingDocument document, long size, byte[] sha256,
        Action<long> progress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(document.FetchHandle))
            throw new InvalidOperationException($"document {document.DocumentId} came without a fetch handle (payload inline: {document.Payload.Length} bytes)");

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var clock = Stopwatch.StartNew();
        using var call = client.Fetch(new FetchRequest { FetchHandle = document.FetchHandle }, credentials, DateTime.UtcNow.AddMinutes(15), cancellationToken);
        long offset = 0;
        var messages = 0;
        await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (messages++ == 0 && (message.TotalSize != size || !message.Sha256.Span.SequenceEqual(sha256)))
                throw new InvalidDataException($"Fetch announced {message.TotalSize} bytes with SHA-256 {Convert.ToHexStringLower(message.Sha256.Span)}; {size} bytes with {Convert.ToHexStringLower(sha256)} were sent");
            if (message.Offset != offset)
                throw new InvalidDataException($"Fetch sent bytes from {message.Offset} when {offset} were expected");
            hash.AppendData(message.Chunk.Span);
            var before = offset / (64L << 20);
            offset += message.Chunk.Length;
            if (offset / (64L << 20) != before)
                progress(offset);
        }

        var fetched = hash.GetHashAndReset();
        clock.Stop();
        if (offset != size || !fetched.AsSpan().SequenceEqual(sha256))
            throw new InvalidDataException($"Fetch returned {offset} bytes with SHA-256 {Convert.ToHexStringLower(fetched)}; {size} bytes with {Convert.ToHexStringLower(sha256)} were sent");
        return new Result(offset, messages, clock.Elapsed);
    }

    public static async Task AckAsync(DocumentExchange.DocumentExchangeClient client, Metadata credentials, Delivery delivery, CancellationToken cancellationToken)
    {
        var settled = await client.AckAsync(new AckRequest
        {
            Settlements = { new Settlement { DeliveryId = delivery.DeliveryId, Outcome = Settlement.Types.Outcome.Ack } },
        }, credentials, DateTime.UtcNow.AddSeconds(30), cancellationToken);
        if (settled.Results.FirstOrDefault() is not { Applied: true })
            throw new InvalidOperationException($"the ACK of delivery {delivery.DeliveryId} was not applied: {settled.Results.FirstOrDefault()?.Detail}");
    }
}
