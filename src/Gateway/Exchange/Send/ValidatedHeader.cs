using Gateway.Protocol.V1;
using Google.Protobuf;

namespace Gateway.Exchange.Send;

/// <summary>A signed header whose bytes parsed and whose fields passed every check that needs no store.</summary>
internal sealed record ValidatedHeader(
    DocumentHeader Header,
    ByteString HeaderBytes,
    ByteString Signature,
    byte[] HeaderDigest,
    IReadOnlyList<string> Recipients,
    int EdxmlPriority,
    int EdxmlBusinessType,
    string? ReferencedDocumentId,
    DateTimeOffset? ExpiresAt);
