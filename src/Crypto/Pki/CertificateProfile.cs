using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Pki;

/// <summary>What a certificate to be issued says: its names, its uses, its lifetime and where its revocation is published.</summary>
public sealed record CertificateProfile
{
    /// <summary>Common name (CN) of the subject.</summary>
    public required string CommonName { get; init; }

    /// <summary>Organisation (O) of the subject, if any.</summary>
    public string? Organization { get; init; }

    /// <summary>
    /// Organisation identifier codes the certificate may sign for, each written as one
    /// organizationIdentifier (OID 2.5.4.97) attribute of the subject.
    /// </summary>
    public IReadOnlyList<string> OrgCodes { get; init; } = [];

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>True for a certification authority (basic constraints CA, keyCertSign and cRLSign).</summary>
    public bool IsAuthority { get; init; }

    /// <summary>Key usage of an end-entity certificate; ignored for an authority.</summary>
    public X509KeyUsageFlags KeyUsage { get; init; } = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;

    /// <summary>Extended key usage OIDs (e.g. 1.3.6.1.5.5.7.3.1 server, .2 client); none when empty.</summary>
    public IReadOnlyList<string> ExtendedKeyUsages { get; init; } = [];

    /// <summary>
    /// Marks the extended key usage extension critical. RFC 3161 §2.3 requires it of a time-stamping
    /// authority's certificate (timeStamping as the only purpose), and verifiers refuse one without it.
    /// </summary>
    public bool ExtendedKeyUsagesCritical { get; init; }

    /// <summary>DNS names for the subject alternative name (TLS server certificates).</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    /// <summary>IP addresses for the subject alternative name (TLS server certificates).</summary>
    public IReadOnlyList<IPAddress> IpAddresses { get; init; } = [];

    /// <summary>HTTP URL of the issuer's CRL, written as the CRL distribution point; none when null.</summary>
    public Uri? CrlUrl { get; init; }

    /// <summary>HTTP URL of an OCSP responder, written in the authority information access; none when null.</summary>
    public Uri? OcspUrl { get; init; }
}
