using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Receipts;

/// <summary>
/// The outcome of <see cref="ReceiptVerifier.Verify"/>. Valid: what the receipt proves. Invalid: the
/// check that failed and why, as one sentence a person can act on.
/// </summary>
public sealed record ReceiptVerification
{
    /// <summary>The check that failed; null when the receipt is valid.</summary>
    public ReceiptCheck? FailedCheck { get; init; }

    /// <summary>The kind of fault, as signature refusals are classified; null when valid.</summary>
    public SignatureFailure? Failure { get; init; }

    /// <summary>What is wrong; null when valid.</summary>
    public string? Problem { get; init; }

    public bool IsValid => Problem is null;

    /// <summary>The receipt's document id.</summary>
    public string DocumentId { get; init; } = "";

    /// <summary>The receipt's sequence number.</summary>
    public ulong Sequence { get; init; }

    /// <summary>When the gateway accepted the document (signed, to the millisecond).</summary>
    public DateTimeOffset? AcceptedAt { get; init; }

    /// <summary>This receipt's position in its batch.</summary>
    public uint LeafIndex { get; init; }

    /// <summary>Receipts in the batch.</summary>
    public uint LeafCount { get; init; }

    /// <summary>The signing-time of root_signature.</summary>
    public DateTimeOffset? SignedAt { get; init; }

    /// <summary>Subject of the gateway certificate that signed.</summary>
    public string? Signer { get; init; }

    /// <summary>The time an RFC 3161 authority vouched for; null without a timestamp.</summary>
    public DateTimeOffset? TimestampedAt { get; init; }

    /// <summary>Subject of the timestamp authority's certificate; null without a timestamp.</summary>
    public string? TimestampAuthority { get; init; }

    /// <summary>Throws <see cref="SignatureException"/> (the failure kind, the check and why) unless valid.</summary>
    public void ThrowIfInvalid()
    {
        if (Problem is { } problem)
            throw new SignatureException(Failure ?? SignatureFailure.Tampered, $"receipt {Describe(FailedCheck)}: {problem}");
    }

    /// <summary>Lower-case name of a check for messages: "leaf", "inclusion", "signature", ...</summary>
    public static string Describe(ReceiptCheck? check) => check?.ToString().ToLowerInvariant() ?? "valid";
}
