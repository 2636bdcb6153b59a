using System.Text.Json.Serialization;

namespace Gateway.Crypto.Pki;

/// <summary>One certificate the development PKI issued, as index.json records it.</summary>
/// <param name="Serial">Serial number in upper-case hex, as <c>X509Certificate2.SerialNumber</c> and openssl print it.</param>
/// <param name="Subject">Common name of the subject.</param>
/// <param name="OrgCodes">Organisation codes in the subject (organizationIdentifier); empty for the root and the gateway.</param>
/// <param name="Certificate">PEM certificate, relative to the PKI directory.</param>
/// <param name="Key">PKCS#8 PEM private key, relative to the PKI directory.</param>
/// <param name="RevokedAt">When it was revoked (whole seconds, as the CRL records it); null while in force.</param>
public sealed record PkiIndexEntry(
    string Serial,
    PkiCertificateKind Kind,
    string Subject,
    IReadOnlyList<string> OrgCodes,
    DateTimeOffset NotAfter,
    string Certificate,
    string Key,
    DateTimeOffset? RevokedAt)
{
    [JsonIgnore]
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Neither revoked nor expired at <paramref name="now"/>.</summary>
    public bool IsInForce(DateTimeOffset now) => RevokedAt is null && NotAfter > now;
}
