using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Protocol.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Gateway.Cli.Client;

/// <summary>
/// The Pull loop of `gateway receive`: lease a batch, store each delivery in the <see cref="Inbox"/>
/// (a document only after its payload matches the SHA-256 its header vouches for; a payload too large
/// to come inline is downloaded first by the <see cref="PayloadFetcher"/>), then settle the
/// batch in one Ack: ACK for what is durable here, NACK for what could not be stored. Nothing is acked
/// before its files are fsynced, so a crash at any point leaves deliveries the gateway offers again;
/// those are recognised and acked without rewriting. An encrypted payload is decrypted with
/// <paramref name="keys"/> after its digest is checked and written only once it decrypted
/// (<see cref="EncryptedDocumentWriter"/>); without a key that opens it, it is nacked.
/// </summary>
internal sealed class Receiver(
    ClientConnection connection, Inbox inbox, ReceiveOutput output, IReadOnlyList<string> orgs, bool progress = false, IReadOnlyList<X509Certificate2>? keys = null)
{
    private readonly PayloadFetcher _fetcher = new(connection, progress);
    private readonly EncryptedDocumentWriter _decrypting = new(inbox, keys ?? []);

    /// <summary>Deliveries per Pull: with inline payloads of up to 4 MiB a batch stays under ~64 MiB.</summary>
    public const uint BatchSize = 16;

    /// <summary>Longest wait between polls when the queue is empty (--follow) or the gateway is away.</summary>
    public static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan FirstIdle = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public ReceiveTotals Totals { get; } = new();

    /// <summary>
    /// --once (<paramref name="follow"/> false): until a Pull comes back empty; a gRPC failure ends it.
    /// --follow: until <paramref name="stop"/>, waiting up to <see cref="MaxIdle"/> between empty polls
    /// and riding out an unavailable gateway. A batch being stored and settled is finished first.
    /// </summary>
    public async Task RunAsync(bool follow, CancellationToken stop)
    {
        var idle = TimeSpan.Zero;
        var away = false;
        while (!stop.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var pulled = await connection.Exchange.PullAsync(
                    new PullRequest { OrgCodes = { orgs }, MaxDeliveries = BatchSize }, connection.Call(CallTimeout, stop));
                away = false;
                if (pulled.Deliveries.Count > 0)
                {
                    idle = TimeSpan.Zero;
                    var batch = new List<(Settlement, Received)>(pulled.Deliveries.Count);
                    foreach (var delivery in pulled.Deliveries)
                        batch.Add(await StoreAsync(delivery));
                    await SettleAsync(batch);
                    continue;
                }

                if (!follow)
                    return;
                idle = idle == TimeSpan.Zero ? FirstIdle : TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, MaxIdle.Ticks));
                wait = idle;
            }
            catch (RpcException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException ex) when (follow && RpcFailures.IsTransient(ex.StatusCode))
            {
                // Whatever was stored and not acked comes back after its lease and is recognised then.
                if (!away)
                    ReceiveOutput.Retrying(RpcFailures.Describe(ex, connection.Endpoint), MaxIdle);
                away = true;
                wait = MaxIdle;
            }

            try
            {
                await Task.Delay(wait, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One Ack for the batch, sent even when stopping: the files are durable, the gateway should know.</summary>
    private async Task SettleAsync(List<(Settlement Settlement, Received Item)> batch)
    {
        var request = new AckRequest { Settlements = { batch.Select(b => b.Settlement) } };
        var response = await connection.Exchange.AckAsync(request, connection.Call(CallTimeout, CancellationToken.None));
        for (var i = 0; i < batch.Count; i++)
        {
            var result = i < response.Results.Count ? response.Results[i] : null;
            if (result is { Applied: false })
            {
                Totals.NotApplied++;
                output.NotApplied(result);
                continue;
            }

            Totals.Count(batch[i].Item);
            output.Write(batch[i].Item);
        }
    }

    private async Task<(Settlement, Received)> StoreAsync(Delivery delivery) => delivery.ContentCase switch
    {
        Delivery.ContentOneofCase.Document => await StoreDocumentAsync(delivery, delivery.Document),
        Delivery.ContentOneofCase.Status => StoreStatus(delivery, delivery.Status),
        _ => Nack(delivery, "", "a kind of delivery this client does not know (a newer gateway?)"),
    };

    private async Task<(Settlement, Received)> StoreDocumentAsync(Delivery delivery, IncomingDocument document)
    {
        var id = document.DocumentId;
        if (!Guid.TryParse(id, out _))
            return Nack(delivery, id, $"document id '{id}' is not a UUID; not used as a directory name");

        DocumentHeader header;
        try
        {
            header = DocumentHeader.Parser.ParseFrom(document.Header.Header);
        }
        catch (InvalidProtocolBufferException ex)
        {
            return Nack(delivery, id, $"the header is not a DocumentHeader ({ex.Message.TrimEnd('.')})");
        }

        var described = header.Payload ?? new PayloadDescriptor();
        if (inbox.HasDocument(id))
            return Ack(delivery, new Received(ReceivedKind.DocumentAgain, delivery.DeliveryId, delivery.Recipient, id, header.Sender, inbox.DirectoryOf(id), described.Size));
        if (document.Payload.IsEmpty && !string.IsNullOrEmpty(document.FetchHandle))
            return await FetchDocumentAsync(delivery, document, header, described);

        var sha256 = SHA256.HashData(document.Payload.Span);
        if (document.Payload.Length != described.Size || !described.Sha256.Span.SequenceEqual(sha256))
        {
            return Nack(delivery, id,
                $"the payload ({document.Payload.Length} bytes, SHA-256 {Convert.ToHexStringLower(sha256)}) does not match its header " +
                $"({described.Size} bytes, SHA-256 {Convert.ToHexStringLower(described.Sha256.Span)}); nothing written");
        }

        if (described.Encrypted)
        {
            using var envelope = new MemoryStream(document.Payload.ToByteArray(), writable: false);
            return Decrypted(delivery, header, _decrypting.Write(id, Inbox.PayloadName(described.FileName), envelope, document.Header.Header.Span, ClientJson.Indented.Format(header)));
        }

        try
        {
            var path = inbox.WriteDocument(id, Inbox.PayloadName(described.FileName), document.Payload.Span, document.Header.Header.Span, ClientJson.Indented.Format(header));
            return Ack(delivery, new Received(ReceivedKind.Document, delivery.DeliveryId, delivery.Recipient, id, header.Sender, path, document.Payload.Length));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Nack(delivery, id, $"cannot write to {inbox.DirectoryOf(id)} ({ex.Message.TrimEnd('.')})");
        }
    }

    /// <summary>
    /// A document whose payload is fetched into a temporary file (verified and fsynced there), then
    /// renamed into place with the header files. A batch in hand is finished even when stopping, so the
    /// download is not cancelled by Ctrl+C; each call has its deadline.
    /// </summary>
    private async Task<(Settlement, Received)> FetchDocumentAsync(Delivery delivery, IncomingDocument document, DocumentHeader header, PayloadDescriptor described)
    {
        var id = document.DocumentId;
        var name = Inbox.PayloadName(described.FileName);
        PayloadFetcher.Outcome fetched;
        try
        {
            fetched = await _fetcher.FetchAsync(document.FetchHandle, described, name, inbox.NewTemporaryPath(), CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Nack(delivery, id, $"cannot write the fetched payload to {inbox.Root} ({ex.Message.TrimEnd('.')})");
        }

        if (fetched.Path is null)
            return Nack(delivery, id, fetched.Failure ?? "the payload could not be fetched");
        if (described.Encrypted)
        {
            // The fetched envelope was only ever a temporary file: it goes once decrypted, or once decryption failed.
            try
            {
                using var envelope = new FileStream(fetched.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                return Decrypted(delivery, header, _decrypting.Write(id, name, envelope, document.Header.Header.Span, ClientJson.Indented.Format(header)));
            }
            finally
            {
                File.Delete(fetched.Path);
            }
        }

        try
        {
            var path = inbox.WriteFetchedDocument(id, name, fetched.Path, document.Header.Header.Span, ClientJson.Indented.Format(header));
            return Ack(delivery, new Received(ReceivedKind.Document, delivery.DeliveryId, delivery.Recipient, id, header.Sender, path, described.Size));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(fetched.Path);
            return Nack(delivery, id, $"cannot write to {inbox.DirectoryOf(id)} ({ex.Message.TrimEnd('.')})");
        }
    }

    private static (Settlement, Received) Decrypted(Delivery delivery, DocumentHeader header, EncryptedDocumentWriter.Result result) =>
        result.Path is null
            ? Nack(delivery, delivery.Document.DocumentId, result.Failure!)
            : Ack(delivery, new Received(ReceivedKind.Document, delivery.DeliveryId, delivery.Recipient, delivery.Document.DocumentId, header.Sender,
                result.Path, result.Size, DecryptedWith: result.DecryptedWith));

    private (Settlement, Received) StoreStatus(Delivery delivery, StatusNotice status)
    {
        var id = status.DocumentId;
        if (!Guid.TryParse(id, out _))
            return Nack(delivery, id, $"document id '{id}' is not a UUID; not used as a directory name");
        try
        {
            inbox.AppendStatus(id, delivery.DeliveryId, ClientJson.Line.Format(delivery));
            return Ack(delivery, new Received(ReceivedKind.Status, delivery.DeliveryId, delivery.Recipient, id, Status: status));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Nack(delivery, id, $"cannot write to {inbox.DirectoryOf(id)} ({ex.Message.TrimEnd('.')})");
        }
    }

    private static (Settlement, Received) Ack(Delivery delivery, Received item) =>
        (new Settlement { DeliveryId = delivery.DeliveryId, Outcome = Settlement.Types.Outcome.Ack }, item);

    private static (Settlement, Received) Nack(Delivery delivery, string documentId, string reason) =>
        (new Settlement { DeliveryId = delivery.DeliveryId, Outcome = Settlement.Types.Outcome.Nack, Reason = reason },
         new Received(ReceivedKind.Nacked, delivery.DeliveryId, delivery.Recipient, documentId, Reason: reason));
}
