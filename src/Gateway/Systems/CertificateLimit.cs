namespace Gateway.Systems;

/// <summary>
/// The organisation codes a caller's client certificate carries (subject organizationIdentifier,
/// OID 2.5.4.97), which limit its system to the codes both have; and the subject, for messages.
/// </summary>
internal sealed record CertificateLimit(string Subject, IReadOnlyList<string> OrgCodes);
