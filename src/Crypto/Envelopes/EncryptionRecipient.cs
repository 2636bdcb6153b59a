using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// One certificate a payload is encrypted to, checked before anything is encrypted: an RSA key of
/// <see cref="MinRsaBits"/> bits or more whose key usage (when the certificate has one) allows
/// keyEncipherment, or an EC key on P-256 or P-384 whose key usage allows keyAgreement. Each becomes
/// one RecipientInfo naming the certificate by issuer and serial number.
/// </summary>
internal sealed class EncryptionRecipient : IDisposable
{
    public const int MinRsaBits = 2048;

    private readonly X509Certificate2 _certificate;
    private readonly RSA? _rsa;
    private readonly ECDiffieHellman? _ec;

    private EncryptionRecipient(X509Certificate2 certificate, RSA? rsa, ECDiffieHellman? ec)
    {
        _certificate = certificate;
        _rsa = rsa;
        _ec = ec;
    }

    /// <summary>Key agreement (EC) rather than key transport (RSA): such a RecipientInfo is version 3 and makes the envelope version 2.</summary>
    public bool IsKeyAgreement => _ec is not null;

    /// <exception cref="EnvelopeException">UnsuitableCertificate, naming the certificate and what it lacks.</exception>
    public static EncryptionRecipient From(X509Certificate2 certificate)
    {
        var described = CertificateText.Describe(certificate);
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault()?.KeyUsages;
        // PublicKey's getters, unlike the certificate's, do not filter by key usage: the check below says why a certificate is refused.
        switch (certificate.PublicKey.Oid.Value)
        {
            case EnvelopeOids.RsaEncryption:
                var rsa = certificate.PublicKey.GetRSAPublicKey() ?? throw Unsuitable($"certificate {described} has an RSA key that cannot be read");
                var bits = rsa.KeySize;
                if (bits < MinRsaBits)
                {
                    rsa.Dispose();
                    throw Unsuitable($"certificate {described} has an RSA key of {bits} bits; encryption takes {MinRsaBits} bits or more");
                }

                if (usage is { } rsaUsage && !rsaUsage.HasFlag(X509KeyUsageFlags.KeyEncipherment))
                {
                    rsa.Dispose();
                    throw Unsuitable($"certificate {described} is not for encryption: its key usage is {rsaUsage}; an RSA certificate needs keyEncipherment");
                }

                return new EncryptionRecipient(certificate, rsa, null);
            case EnvelopeOids.EcPublicKey:
                var ec = certificate.PublicKey.GetECDiffieHellmanPublicKey() ?? throw Unsuitable($"certificate {described} has an EC key that cannot be read");
                var curve = ec.ExportParameters(false).Curve.Oid?.Value;
                if (curve is not (EnvelopeOids.P256 or EnvelopeOids.P384))
                {
                    ec.Dispose();
                    throw Unsuitable($"certificate {described} has an EC key on {curve ?? "explicit curve parameters"}; encryption takes P-256 or P-384");
                }

                if (usage is { } ecUsage && !ecUsage.HasFlag(X509KeyUsageFlags.KeyAgreement))
                {
                    ec.Dispose();
                    throw Unsuitable($"certificate {described} is not for encryption: its key usage is {ecUsage}; an EC certificate needs keyAgreement");
                }

                return new EncryptionRecipient(certificate, null, ec);
            default:
                throw Unsuitable($"certificate {described} has a key ({certificate.PublicKey.Oid.Value}) that is neither RSA nor EC");
        }
    }

    /// <summary>Writes this recipient's RecipientInfo, carrying <paramref name="contentKey"/> encrypted to its key.</summary>
    public void Write(AsnWriter writer, byte[] contentKey)
    {
        if (_rsa is not null)
            KeyTransport.Write(writer, _certificate, _rsa, contentKey);
        else
            KeyAgreement.Write(writer, _certificate, _ec!, contentKey);
    }

    public void Dispose()
    {
        _rsa?.Dispose();
        _ec?.Dispose();
    }

    private static EnvelopeException Unsuitable(string message) => new(EnvelopeFailure.UnsuitableCertificate, message);
}
