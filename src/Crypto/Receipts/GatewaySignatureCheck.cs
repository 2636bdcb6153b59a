using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Signatures;

namespace Gateway.Crypto.Receipts;

/// <summary>
/// Checks a detached CMS signature that the gateway made (<see cref="ReceiptSigner"/>) against the one
/// certificate a verifier trusts for the gateway. The certificate is pinned, not chained: a signature by
/// any other certificate, even one from the same authority, is refused.
/// </summary>
public static class GatewaySignatureCheck
{
    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="content"/>. <paramref name="what"/> names
    /// the signature in messages (e.g. "root_signature").
    /// </summary>
    public static GatewaySignatureResult Verify(ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature, X509Certificate2 trusted, string what = "the signature")
    {
        if (signature.IsEmpty)
            return Fail(SignatureFailure.Missing, $"{what} is empty");

        var cms = new SignedCms(new ContentInfo(content.ToArray()), detached: true);
        try
        {
            cms.Decode(signature);
        }
        catch (CryptographicException ex)
        {
            return Fail(SignatureFailure.Malformed, $"{what} is not a DER CMS SignedData: {ex.Message.TrimEnd('.')}");
        }

        if (cms.ContentInfo.ContentType.Value != GatewayCms.DataContentTypeOid)
            return Fail(SignatureFailure.Malformed, $"{what} signs content of type {cms.ContentInfo.ContentType.Value}, not id-data");
        if (cms.SignerInfos.Count != 1)
            return Fail(SignatureFailure.Malformed, $"{what} has {cms.SignerInfos.Count} signers; the gateway signs alone");

        var signer = cms.SignerInfos[0];
        if (signer.Certificate is not { } certificate)
            return Fail(SignatureFailure.SignerCertificateMissing, $"{what} does not include its signer's certificate");
        if (!certificate.RawDataMemory.Span.SequenceEqual(trusted.RawDataMemory.Span))
        {
            return Fail(SignatureFailure.UntrustedChain,
                $"{what} was made by '{certificate.Subject}' (SHA-256 {Thumbprint(certificate)}), not by the trusted gateway certificate '{trusted.Subject}' (SHA-256 {Thumbprint(trusted)})");
        }

        if (signer.DigestAlgorithm.Value is not (GatewayCms.Sha256Oid or GatewayCms.Sha384Oid or GatewayCms.Sha512Oid))
            return Fail(SignatureFailure.WeakAlgorithm, $"{what} uses digest {signer.DigestAlgorithm.FriendlyName ?? signer.DigestAlgorithm.Value}; SHA-256, SHA-384 or SHA-512 is required");

        var signingTime = SigningTime(signer);
        foreach (var required in new[] { GatewayCms.ContentTypeAttributeOid, GatewayCms.MessageDigestAttributeOid })
        {
            if (!HasAttribute(signer, required))
                return Fail(SignatureFailure.Malformed, $"{what} lacks the signed attribute {required}");
        }

        if (signingTime is not { } signedAt)
            return Fail(SignatureFailure.Malformed, $"{what} has no signing-time attribute");

        try
        {
            // Checks the message-digest attribute against the content, then the signature over the
            // signed attributes with the (pinned) certificate's key.
            signer.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException ex)
        {
            return Fail(SignatureFailure.Tampered, $"{what} does not verify over the signed bytes: {ex.Message.TrimEnd('.')}");
        }

        if (signedAt < trusted.NotBefore.ToUniversalTime())
            return Fail(SignatureFailure.NotYetValid, $"{what} says it was made at {Format(signedAt)}, before the certificate's validity began ({Format(trusted.NotBefore)})");
        if (signedAt > trusted.NotAfter.ToUniversalTime())
            return Fail(SignatureFailure.Expired, $"{what} says it was made at {Format(signedAt)}, after the certificate expired ({Format(trusted.NotAfter)})");

        return new GatewaySignatureResult(null, null, signedAt);
    }

    private static GatewaySignatureResult Fail(SignatureFailure failure, string problem) => new(failure, problem, null);

    private static bool HasAttribute(SignerInfo signer, string oid)
    {
        foreach (var attribute in signer.SignedAttributes)
        {
            if (attribute.Oid.Value == oid && attribute.Values.Count == 1)
                return true;
        }

        return false;
    }

    private static DateTimeOffset? SigningTime(SignerInfo signer)
    {
        foreach (var attribute in signer.SignedAttributes)
        {
            if (attribute.Oid.Value != GatewayCms.SigningTimeAttributeOid || attribute.Values.Count != 1)
                continue;
            try
            {
                var time = new Pkcs9SigningTime(attribute.Values[0].RawData).SigningTime;
                return new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
            }
            catch (CryptographicException)
            {
                return null;
            }
        }

        return null;
    }

    private static string Thumbprint(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));

    private static string Format(DateTime time) => Format(new DateTimeOffset(time.ToUniversalTime()));

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
