using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;

namespace Gateway.Crypto.Envelopes;

/// <summary>How a RecipientInfo names a certificate: by issuer and serial number, or by subject key identifier.</summary>
internal sealed class RecipientId
{
    private readonly X509Name? _issuer;
    private readonly byte[]? _serial;
    private readonly byte[]? _keyIdentifier;

    private RecipientId(X509Name? issuer, byte[]? serial, byte[]? keyIdentifier)
    {
        _issuer = issuer;
        _serial = serial;
        _keyIdentifier = keyIdentifier;
    }

    public static RecipientId Of(IssuerAndSerialNumber id) => new(id.Issuer, id.SerialNumber.Value.ToByteArray(), null);

    public static RecipientId Of(Asn1OctetString subjectKeyIdentifier) => new(null, null, subjectKeyIdentifier.GetOctets());

    public bool Names(X509Certificate2 certificate)
    {
        if (_keyIdentifier is not null)
        {
            return certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault() is { } ski
                && ski.SubjectKeyIdentifierBytes.Span.SequenceEqual(_keyIdentifier);
        }

        // Serials compare as numbers (leading zero bytes aside); names as X.500 names, not byte for byte.
        return _serial!.AsSpan().TrimStart((byte)0).SequenceEqual(certificate.SerialNumberBytes.Span.TrimStart((byte)0))
            && _issuer!.Equivalent(X509Name.GetInstance(certificate.IssuerName.RawData), inOrder: true);
    }

    /// <summary>As .NET and openssl print serials and names, so a person can find the certificate meant.</summary>
    public override string ToString() => _keyIdentifier is not null
        ? $"subject key identifier {Convert.ToHexString(_keyIdentifier)}"
        : $"serial {Convert.ToHexString(_serial!)} issued by {new X500DistinguishedName(_issuer!.GetEncoded(Asn1Encodable.Der)).Name}";
}
