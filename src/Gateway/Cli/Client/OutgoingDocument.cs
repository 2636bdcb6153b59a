using System.Security.Cryptography;
using Gateway.Protocol.V1;
using Google.Protobuf;

namespace Gateway.Cli.Client;

/// <summary>
/// What `gateway send` sends: a <see cref="DocumentHeader"/> describing one file, serialized once, and
/// those exact bytes in <see cref="SignedHeader.Header"/>. The signature stays empty until the
/// signatures work lands; the gateway records that it checked none.
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

    public OutgoingDocument(string sender, IReadOnlyList<string> recipients, int edxmlPriority, string? subject, string fileName, byte[] payload)
    {
        _sender = sender;
        _recipients = recipients;
        _priority = (Priority)(edxmlPriority + 1);
        _subject = subject;
        Payload = UnsafeByteOperations.UnsafeWrap(payload);
        _descriptor = new PayloadDescriptor
        {
            Sha256 = ByteString.CopyFrom(SHA256.HashData(payload)),
            Size = payload.LongLength,
            ContentType = ContentTypes.Guess(fileName),
            FileName = fileName,
        };
    }

    /// <summary>The payload, shared by every request built here (it is never modified).</summary>
    public ByteString Payload { get; }

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
        Header = new SignedHeader { Header = Header(reference).ToByteString(), Signature = ByteString.Empty },
        Payload = Payload,
    };
}
