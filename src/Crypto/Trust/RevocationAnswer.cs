namespace Gateway.Crypto.Trust;

/// <summary>What a CRL or OCSP responder said about one certificate, and until when it holds.</summary>
internal readonly record struct RevocationAnswer(RevocationStatus Status, DateTimeOffset ValidUntil, string Detail)
{
    public static RevocationAnswer Unknown(DateTimeOffset retryAt, string detail) => new(RevocationStatus.Unknown, retryAt, detail);
}

internal enum RevocationStatus
{
    Good,
    Revoked,
    Unknown,
}
