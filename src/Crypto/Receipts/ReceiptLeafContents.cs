namespace Gateway.Crypto.Receipts;

/// <summary>What a receipt leaf says, read back from its canonical bytes (see <see cref="ReceiptLeaf"/>).</summary>
/// <param name="DocumentId">The gateway document id.</param>
/// <param name="AcceptedAtUnixMilliseconds">When the document was made durable, Unix milliseconds.</param>
/// <param name="Sequence">The document's position in the gateway's store.</param>
/// <param name="HeaderDigest">SHA-256 of the signed header bytes, 32 bytes.</param>
/// <param name="Redirections">Code successions applied to recipients, in receipt order.</param>
public sealed record ReceiptLeafContents(
    Guid DocumentId,
    long AcceptedAtUnixMilliseconds,
    ulong Sequence,
    byte[] HeaderDigest,
    IReadOnlyList<LeafRedirection> Redirections);

/// <summary>One redirection as a leaf records it.</summary>
public sealed record LeafRedirection(string FromCode, string ToCode, long EffectiveAtUnixMilliseconds);
