namespace Gateway.Crypto.Signatures;

/// <summary>
/// What the verifier needs from a detached CMS SignedData with one signer. Every memory is a slice of
/// the received bytes: nothing is copied or re-encoded, so what is verified is exactly what was sent.
/// </summary>
internal sealed class SignedDataParts
{
    /// <summary>eContentType of the encapsulated content info (the content itself is absent: detached).</summary>
    public required string ContentType { get; init; }

    /// <summary>The DER of each X.509 certificate in the SignedData's certificates field, in order.</summary>
    public required IReadOnlyList<ReadOnlyMemory<byte>> Certificates { get; init; }

    /// <summary>The signer's IssuerAndSerialNumber: the issuer Name's DER, or empty when the signer is named by key identifier.</summary>
    public required ReadOnlyMemory<byte> SignerIssuer { get; init; }

    /// <summary>The content octets of the signer's serial number INTEGER (with IssuerAndSerialNumber).</summary>
    public required ReadOnlyMemory<byte> SignerSerial { get; init; }

    /// <summary>The signer's subjectKeyIdentifier, or null when the signer is named by issuer and serial number.</summary>
    public required ReadOnlyMemory<byte>? SignerKeyIdentifier { get; init; }

    public required string DigestAlgorithm { get; init; }

    /// <summary>The signed attributes as received, tag [0] included (the signature covers them re-tagged as a SET).</summary>
    public required ReadOnlyMemory<byte> SignedAttributes { get; init; }

    public required string SignatureAlgorithm { get; init; }

    /// <summary>The signature algorithm's parameters (DER), or null when absent.</summary>
    public required ReadOnlyMemory<byte>? SignatureParameters { get; init; }

    public required ReadOnlyMemory<byte> Signature { get; init; }
}
