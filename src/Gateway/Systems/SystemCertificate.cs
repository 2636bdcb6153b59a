namespace Gateway.Systems;

/// <summary>
/// A client certificate bound to a connected system (table <c>system_certificates</c>): its SHA-256
/// thumbprint (upper-case hex), and what is kept of it for listings and messages.
/// </summary>
internal sealed record SystemCertificate(
    string Thumbprint,
    string SystemName,
    string Subject,
    string Serial,
    DateTimeOffset NotAfter,
    DateTimeOffset BoundAt);
