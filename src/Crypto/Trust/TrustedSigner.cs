namespace Gateway.Crypto.Trust;

/// <summary>A signer certificate judged trustworthy: who it is, which org codes it carries, and until when the judgement holds.</summary>
public sealed record TrustedSigner(
    string Thumbprint,
    string Subject,
    string Serial,
    IReadOnlyList<string> OrgCodes,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    IReadOnlyList<string> Warnings);
