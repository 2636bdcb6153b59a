using System.Security.Cryptography;
using Gateway.Protocol.V1;
using Google.Protobuf;

namespace Gateway.Cli.Client;

/// <summary>
/// What `gateway send` sends: a <see cref="DocumentHeader"/> describing one file, serialized once, and
/// those exact bytes in <see cref="SignedHeader.Header"/>, signed (detached CMS over those bytes) when
/// a signer is given, else sent with an empty signature, which only a gateway with
/// Signatures:Required=false accepts.
/// </summary>
/// <remarks>
/// The header leaves <c>created_at</c> unset on purpose: the gateway recognises a retry only when the
/// header bytes are identical, so the same file, codes and --ref must serialize to the same bytes every
/// time. With a clock reading in it, a retry would be refused with ALREADY_EXISTS instead of getting
/// the original receipt. The gateway records its own acceptance time.
/// </remarks>
internal sealed class OutgoingDocument
{
    /// <summary>edXML priorities 0 (normal) to 4 (flash with an appointed time).</summary>
    public const int MaxEdxmlPriority = 4;

    private readonly string _sender;
    private readonly IReadOnlyList<string> _recipients;
    private readonly Priority _priority;
    private readonly string? _subject;
    private readonly PayloadDescriptor _descriptor;
    private readonly ByteString? _payload;

    /// <param name="encrypted">True when <paramref name="payload"/> is the file's CMS envelope (--encrypt-to); the header says so.</param>
    public OutgoingDocument(string sender, IReadOnlyList<string> recipients, int edxmlPriority, string? subject, string fileName, byte[] payload, bool encrypted = false)
        : this(sender, recipients, edxmlPriority, subject, Describe(fileName, SHA256.HashData(payload), payload.LongLength, encrypted), UnsafeByteOperations.UnsafeWrap(payload))
    {
    }

    private OutgoingDocument(string sender, IReadOnlyList<string> recipients, int edxmlPriority, string? subject, PayloadDescriptor descriptor, ByteString? payload)
    {
        _sender = sender;
        _recipients = recipients;
        _priority = (Priority)(edxmlPriority + 1);
        _subject = subject;
        _descriptor = descriptor;
        _payload = payload;
    }

    /// <summary>
    /// A document whose payload stays in its file, for Upload: one streaming pass computes the SHA-256
    /// the header needs (of the envelope, for an encrypted payload), without holding it in memory.
    /// </summary>
    public static async Task<OutgoingDocument> FromSourceAsync(
        string sender, IReadOnlyList<string> recipients, int edxmlPriority, string? subject, PayloadSource source, CancellationToken cancellationToken)
    {
        byte[] sha256;
        await using (var stream = source.Open())
            sha256 = await SHA256.HashDataAsync(stream, cancellationToken);
        // A file that grows or shrinks meanwhile would not match its own header; the gateway would refuse it anyway.
        source.CheckUnchanged();
        return new OutgoingDocument(sender, recipients, edxmlPriority, subject, Describe(Path.GetFileName(source.Path), sha256, source.Size, source.Encrypted), payload: null);
    }

    /// <summary>The payload's size, as the header says.</summary>
    public long Size => _descriptor.Size;

    /// <summary>True when the payload is a CMS envelope (--encrypt-to).</summary>
    public bool Encrypted => _descriptor.Encrypted;

    /// <summary>The payload, shared by every request built here (it is never modified); only for a document built from bytes.</summary>
    public ByteString Payload => _payload ?? throw new InvalidOperationException("this document's payload stays in its file: send it with Upload");

    public DocumentHeader Header(string reference)
    {
        var header = new DocumentHeader
        {
            Sender = _sender,
            Recipients = { _recipients },
            ClientReference = reference,
            Priority = _priority,
            Payload = _descriptor.Clone(),
            Business = new BusinessInfo { Type = BusinessType.New },
        };
        if (!string.IsNullOrEmpty(_subject))
            header.Metadata = new DocumentMetadata { Subject = _subject };
        return header;
    }

    /// <summary>A request whose header bytes are serialized here, once; they are what a signature would cover.</summary>
    public SendRequest Request(string reference) => new()
    {
        Header = Signed(reference),
        Payload = Payload,
    };

    /// <summary>Signs every header this document sends; null sends them unsigned.</summary>
    public Gateway.Crypto.Signatures.DetachedSigner? Signer { get; set; }

    /// <summary>The header serialized once and signed over those bytes: the header of a Send, the first message of an Upload.</summary>
    /// <remarks>
    /// A retry signs again (a new signing time, so new signature bytes) over identical header bytes: the
    /// gateway recognises retries by the header's digest, which the signature is not part of.
    /// </remarks>
    public SignedHeader Signed(string reference)
    {
        var header = Header(reference).ToByteString();
        var signature = Signer is { } signer ? ByteString.CopyFrom(signer.Sign(header.Span)) : ByteString.Empty;
        return new SignedHeader { Header = header, Signature = signature };
    }

    /// <summary>
    /// The payload as the header describes it. The digest and size are of the bytes that travel (the
    /// envelope, when encrypted); the name and content type are the file's, so the recipient writes
    /// the decrypted file as it was.
    /// </summary>
    private static PayloadDescriptor Describe(string fileName, byte[] sha256, long size, bool encrypted) => new()
    {
        Sha256 = ByteString.CopyFrom(sha256),
        Size = size,
        ContentType = ContentTypes.Guess(fileName),
        FileName = fileName,
        Encrypted = encrypted,
    };
}
