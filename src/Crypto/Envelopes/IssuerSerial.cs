using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Envelopes;

/// <summary>IssuerAndSerialNumber (RFC 5652 §10.2.4): how every RecipientInfo written here names its certificate.</summary>
internal static class IssuerSerial
{
    /// <summary>The issuer name's DER bytes as the certificate has them, and its serial as the certificate encodes it.</summary>
    public static void Write(AsnWriter writer, X509Certificate2 certificate)
    {
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(certificate.IssuerName.RawData);
            writer.WriteInteger(certificate.SerialNumberBytes.Span);
        }
    }
}
