using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// One recipient of an envelope: a key transport RecipientInfo, or one of the recipient encrypted keys
/// of a key agreement RecipientInfo (one originator key may serve several). Knows which certificate it
/// names and how to open the content key with that certificate's private key.
/// </summary>
internal abstract class RecipientEntry
{
    /// <summary>Every recipient <paramref name="info"/> holds; kinds not decrypted here (KEK, password, other) are listed but never match.</summary>
    public static IEnumerable<RecipientEntry> Of(RecipientInfo info)
    {
        switch (info.Info)
        {
            case KeyTransRecipientInfo transport:
                yield return new KeyTransportEntry(transport);
                break;
            case KeyAgreeRecipientInfo agreement:
                foreach (var key in agreement.RecipientEncryptedKeys.Select(RecipientEncryptedKey.GetInstance))
                    yield return new KeyAgreementEntry(agreement, key);
                break;
            case KekRecipientInfo:
                yield return new UnsupportedEntry("a recipient holding a pre-shared key-encryption key");
                break;
            case PasswordRecipientInfo:
                yield return new UnsupportedEntry("a recipient holding a password");
                break;
            default:
                yield return new UnsupportedEntry("a recipient of another kind");
                break;
        }
    }

    public abstract bool Names(X509Certificate2 certificate);

    /// <summary>The content key, opened with <paramref name="certificate"/>'s private key.</summary>
    /// <exception cref="EnvelopeException">WrongKey, UnsupportedAlgorithm or Corrupt, saying which.</exception>
    public abstract byte[] OpenContentKey(X509Certificate2 certificate);

    /// <summary>Names the recipient for a person: serial and issuer, or key identifier.</summary>
    public abstract override string ToString();

    protected static EnvelopeException WrongKey(X509Certificate2 certificate, string why, Exception? inner = null) =>
        new(EnvelopeFailure.WrongKey,
            $"the private key of certificate {CertificateText.Describe(certificate)} does not open the content key encrypted to it " +
            $"(a key that is not the certificate's, or a damaged RecipientInfo): {why}", inner);

    protected static EnvelopeException Unsupported(string what) => new(EnvelopeFailure.UnsupportedAlgorithm, what);

    private sealed class UnsupportedEntry(string what) : RecipientEntry
    {
        public override bool Names(X509Certificate2 certificate) => false;

        public override byte[] OpenContentKey(X509Certificate2 certificate) => throw new InvalidOperationException("this recipient is never matched");

        public override string ToString() => what;
    }
}
