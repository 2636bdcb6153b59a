namespace Gateway.Crypto.Envelopes;

/// <summary>Why a payload could not be encrypted or decrypted; each kind tells the caller what to do differently.</summary>
public enum EnvelopeFailure
{
    /// <summary>A recipient certificate cannot be encrypted to: its key usage or key type.</summary>
    UnsuitableCertificate,

    /// <summary>The plaintext is too large for an envelope other CMS readers can parse.</summary>
    TooLarge,

    /// <summary>The bytes are not a CMS ContentInfo holding EnvelopedData (plain file, SignedData, ...).</summary>
    NotEnvelopedData,

    /// <summary>The envelope has no RecipientInfo for the certificate(s) given.</summary>
    NotARecipient,

    /// <summary>A RecipientInfo names the certificate, but its private key does not open the content key.</summary>
    WrongKey,

    /// <summary>The envelope or its encrypted content is damaged (truncated, altered, bad padding).</summary>
    Corrupt,

    /// <summary>The content or key encryption algorithm is one this code does not decrypt.</summary>
    UnsupportedAlgorithm,
}
