using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Pki;

/// <summary>
/// Makes keys, certificates and CRLs with .NET's certificate builders. Used by the development PKI
/// (<c>gateway pki</c>) and by tests, so both exercise the same, real X.509 structures.
/// </summary>
public static class CertificateFactory
{
    /// <summary>OID of the X.520 organizationIdentifier attribute, which carries org codes in a subject.</summary>
    public const string OrganizationIdentifierOid = "2.5.4.97";

    public static AsymmetricAlgorithm CreateKey(KeyKind kind) => kind switch
    {
        KeyKind.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        KeyKind.EcdsaP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        KeyKind.Rsa2048 => RSA.Create(2048),
        KeyKind.Rsa3072 => RSA.Create(3072),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown key kind"),
    };

    /// <summary>A self-signed root authority holding <paramref name="key"/>.</summary>
    public static X509Certificate2 CreateRoot(CertificateProfile profile, AsymmetricAlgorithm key)
    {
        var request = NewRequest(profile with { IsAuthority = true }, key);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(
            new X509SubjectKeyIdentifierExtension(request.PublicKey, false)));
        return request.CreateSelfSigned(profile.NotBefore, profile.NotAfter);
    }

    /// <summary>
    /// A certificate for <paramref name="subjectKey"/> signed by <paramref name="issuer"/>, which must
    /// hold its private key. The serial is 16 random bytes (positive). The result has no private key.
    /// </summary>
    public static X509Certificate2 Issue(X509Certificate2 issuer, CertificateProfile profile, AsymmetricAlgorithm subjectKey)
    {
        if (!issuer.HasPrivateKey)
            throw new ArgumentException("the issuer certificate has no private key", nameof(issuer));
        var request = NewRequest(profile, subjectKey);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // DER integers are signed: keep the serial positive.
        serial[0] |= 0x01; // and without a leading zero byte, so it is exactly 16 bytes.
        var notAfter = profile.NotAfter < issuer.NotAfter ? profile.NotAfter : new DateTimeOffset(issuer.NotAfter);
        using var ec = issuer.GetECDsaPrivateKey();
        using var rsa = ec is null ? issuer.GetRSAPrivateKey() : null;
        var generator = ec is not null
            ? X509SignatureGenerator.CreateForECDsa(ec)
            : X509SignatureGenerator.CreateForRSA(rsa ?? throw new ArgumentException("the issuer key is neither ECDSA nor RSA", nameof(issuer)), RSASignaturePadding.Pkcs1);
        return request.Create(issuer.SubjectName, generator, profile.NotBefore, notAfter, serial);
    }

    /// <summary>A CRL signed by <paramref name="issuer"/> listing <paramref name="revoked"/> (serial, revocation time).</summary>
    public static byte[] CreateCrl(
        X509Certificate2 issuer,
        IEnumerable<(byte[] Serial, DateTimeOffset RevokedAt)> revoked,
        BigInteger crlNumber,
        DateTimeOffset thisUpdate,
        DateTimeOffset nextUpdate)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var (serial, at) in revoked)
            builder.AddEntry(serial, at, X509RevocationReason.Unspecified);
        return builder.Build(issuer, crlNumber, nextUpdate, HashFor(issuer), RSASignaturePadding.Pkcs1, thisUpdate);
    }

    /// <summary>The organisation codes written in a subject as organizationIdentifier attributes, in order.</summary>
    public static IReadOnlyList<string> ReadOrgCodes(X509Certificate2 certificate)
    {
        var codes = new List<string>();
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == OrganizationIdentifierOid && rdn.GetSingleElementValue() is { Length: > 0 } value)
                codes.Add(value);
        }

        return codes;
    }

    private static CertificateRequest NewRequest(CertificateProfile profile, AsymmetricAlgorithm key)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCountryOrRegion("VN");
        if (profile.Organization is { } organization)
            name.AddOrganizationName(organization);
        foreach (var code in profile.OrgCodes)
            name.Add(OrganizationIdentifierOid, code, UniversalTagNumber.UTF8String);
        name.AddCommonName(profile.CommonName);

        var request = key switch
        {
            ECDsa ec => new CertificateRequest(name.Build(), ec, ec.KeySize > 256 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(name.Build(), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("only ECDSA and RSA keys are supported", nameof(key)),
        };

        var extensions = request.CertificateExtensions;
        extensions.Add(new X509BasicConstraintsExtension(profile.IsAuthority, false, 0, profile.IsAuthority));
        extensions.Add(new X509KeyUsageExtension(
            profile.IsAuthority ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : profile.KeyUsage, true));
        extensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (profile.ExtendedKeyUsages.Count > 0)
        {
            var oids = new OidCollection();
            foreach (var oid in profile.ExtendedKeyUsages)
                oids.Add(new Oid(oid));
            extensions.Add(new X509EnhancedKeyUsageExtension(oids, profile.ExtendedKeyUsagesCritical));
        }

        if (profile.DnsNames.Count > 0 || profile.IpAddresses.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var dns in profile.DnsNames)
                san.AddDnsName(dns);
            foreach (var ip in profile.IpAddresses)
                san.AddIpAddress(ip);
            extensions.Add(san.Build());
        }

        if (profile.CrlUrl is { } crl)
            extensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([crl.AbsoluteUri]));
        if (profile.OcspUrl is { } ocsp)
            extensions.Add(new X509AuthorityInformationAccessExtension([ocsp.AbsoluteUri], null));
        return request;
    }

    private static HashAlgorithmName HashFor(X509Certificate2 issuer) =>
        issuer.GetECDsaPublicKey() is { KeySize: > 256 } ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
}
