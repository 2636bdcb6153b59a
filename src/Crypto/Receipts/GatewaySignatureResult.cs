using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Receipts;

/// <summary>The outcome of <see cref="GatewaySignatureCheck.Verify"/>: the signing time, or what is wrong.</summary>
/// <param name="Failure">The kind of fault; null when the signature is good.</param>
/// <param name="Problem">What is wrong, as a sentence; null when the signature is good.</param>
/// <param name="SignedAt">The signing-time attribute, when the signature is good.</param>
public sealed record GatewaySignatureResult(SignatureFailure? Failure, string? Problem, DateTimeOffset? SignedAt)
{
    public bool IsValid => Problem is null;
}
