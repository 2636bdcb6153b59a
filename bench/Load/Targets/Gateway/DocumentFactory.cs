using System.Globalization;
using System.Security.Cryptography;
using Gateway.Crypto.Signatures;
using Gateway.Protocol.V1;
using Google.Protobuf;

namespace Gateway.Load.Targets.Gateway;

/// <summary>
/// Builds and signs the gateway's documents before a run, as `gateway send --cert --key` does
/// (src/Gateway/Cli/Client/OutgoingDocument.cs): a DocumentHeader serialized once, a detached CMS over
/// those exact bytes, the payload's SHA-256 and size in the header. Every payload is random, so
/// every document is a new content-addressed blob for the gateway to write and fsync (identical
/// payloads would share one blob and skip that work), and every client reference is new.
/// </summary>
/// <remarks>
/// <see cref="DetachedSigner"/> signs one at a time per instance, so each signing thread loads signers
/// of its own from the same PEM files.
/// </remarks>
/// <param name="priority">The header's priority (normal unless a scenario mixes lanes).</param>
/// <param name="firstReference">Added to each message's number in its client reference, so documents of
/// several factories in one run (e.g. one per priority lane) have references a receiver can tell apart.</param>
internal sealed class DocumentFactory(
    IReadOnlyList<(string Code, string Certificate, string Key)> senders, int payloadBytes, Priority priority = Priority.Normal, long firstReference = 0)
{
    /// <summary>Message <paramref name="message"/> goes from sender message % N to recipient (message / N) % M.</summary>
    public static (int Sender, int Recipient) Route(long message, int senders, int recipients) =>
        ((int)(message % senders), (int)(message / senders % recipients));

    public static string Reference(int run, long message) => $"load-r{run.ToString(CultureInfo.InvariantCulture)}-{message.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The message number in a reference made by <see cref="Reference"/>; -1 for anything else.</summary>
    public static long MessageOf(string reference)
    {
        var dash = reference.LastIndexOf('-');
        return dash > 0 && long.TryParse(reference.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var message) ? message : -1;
    }

    public SendRequest[] Build(int run, long count, IReadOnlyList<string> recipientCodes, Action<long> progress, CancellationToken cancellationToken)
    {
        var requests = new SendRequest[count];
        var threads = Environment.ProcessorCount;
        var done = 0L;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, thread =>
        {
            var signers = senders.Select(s => DetachedSigner.LoadPem(s.Certificate, s.Key)).ToArray();
            try
            {
                for (var message = (long)thread; message < count; message += threads)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (sender, recipient) = Route(message, senders.Count, recipientCodes.Count);
                    requests[message] = Request(signers[sender], senders[sender].Code, [recipientCodes[recipient]], Reference(run, firstReference + message));
                    if (Interlocked.Increment(ref done) % 1000 == 0)
                        progress(Interlocked.Read(ref done));
                }
            }
            finally
            {
                foreach (var signer in signers)
                    signer.Dispose();
            }
        });
        return requests;
    }

    /// <summary>One signed document from <paramref name="sender"/> to every code of <paramref name="recipients"/>, with a new random payload.</summary>
    public SendRequest Request(DetachedSigner signer, string sender, IEnumerable<string> recipients, string reference)
    {
        var payload = new byte[payloadBytes];
        RandomNumberGenerator.Fill(payload);
        var header = new DocumentHeader
        {
            Sender = sender,
            Recipients = { recipients },
            ClientReference = reference,
            Priority = priority,
            Payload = new PayloadDescriptor
            {
                Sha256 = ByteString.CopyFrom(SHA256.HashData(payload)),
                Size = payload.Length,
                ContentType = "application/pdf",
                FileName = "cong-van.pdf",
            },
            Business = new BusinessInfo { Type = BusinessType.New },
            Metadata = new DocumentMetadata { Subject = "Kiểm thử tải" },
        }.ToByteString();
        return new SendRequest
        {
            Header = new SignedHeader { Header = header, Signature = ByteString.CopyFrom(signer.Sign(header.Span)) },
            Payload = UnsafeByteOperations.UnsafeWrap(payload),
        };
    }
}
