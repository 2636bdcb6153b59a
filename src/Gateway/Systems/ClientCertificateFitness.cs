using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Systems;

/// <summary>
/// What makes a certificate usable as a connected system's client certificate, checked both when an
/// operator binds it and on every call that presents it: its identity (the SHA-256 thumbprint), and
/// key usages that allow TLS client authentication.
/// </summary>
internal static class ClientCertificateFitness
{
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private const string AnyExtendedKeyUsageOid = "2.5.29.37.0";
    private const string KeyUsageOid = "2.5.29.15";
    private const string ExtendedKeyUsageOid = "2.5.29.37";

    /// <summary>SHA-256 of the DER, upper-case hex: the key of <c>system_certificates</c>.</summary>
    public static string Thumbprint(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>How messages name a client certificate: subject and thumbprint, never the whole DER.</summary>
    public static string Describe(X509Certificate2 certificate) =>
        $"client certificate \"{certificate.Subject}\" (SHA-256 {Thumbprint(certificate)})";

    /// <summary>
    /// Null when the certificate may authenticate a TLS client, else why not. RFC 5280: a missing key
    /// usage or extended key usage extension restricts nothing; anyExtendedKeyUsage allows clientAuth.
    /// </summary>
    public static string? Unfit(X509Certificate2 certificate)
    {
        if (certificate.Extensions[KeyUsageOid] is { } rawUsage)
        {
            var usage = new X509KeyUsageExtension(rawUsage, rawUsage.Critical).KeyUsages;
            if ((usage & X509KeyUsageFlags.DigitalSignature) == 0)
                return $"its key usage is {usage}, and TLS client authentication needs digitalSignature";
        }

        if (certificate.Extensions[ExtendedKeyUsageOid] is { } rawExtended)
        {
            var purposes = new X509EnhancedKeyUsageExtension(rawExtended, rawExtended.Critical).EnhancedKeyUsages.Cast<Oid>().ToList();
            if (!purposes.Any(p => p.Value is ClientAuthOid or AnyExtendedKeyUsageOid))
                return $"its extended key usage ({string.Join(", ", purposes.Select(Name))}) does not include clientAuth ({ClientAuthOid})";
        }

        return null;
    }

    private static string Name(Oid oid) => string.IsNullOrEmpty(oid.FriendlyName) ? oid.Value! : $"{oid.FriendlyName} {oid.Value}";
}
