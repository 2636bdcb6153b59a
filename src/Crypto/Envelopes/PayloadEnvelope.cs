using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// End-to-end payload encryption: CMS EnvelopedData (RFC 5652, DER), the content in AES-256-CBC under a
/// fresh key, that key encrypted to each recipient certificate in its own RecipientInfo: RSA-OAEP
/// (SHA-256) for RSA keys, ECDH ephemeral-static with AES-256 key wrap (RFC 5753) for P-256 and P-384
/// keys. OpenSSL's <c>cms -decrypt</c> opens it; what <c>cms -encrypt</c> makes with AES-CBC opens here.
/// Large payloads stream through <see cref="EnvelopeEncryptor"/> and the stream overload of Decrypt.
/// </summary>
public static class PayloadEnvelope
{
    /// <summary>The envelope of <paramref name="plaintext"/> for <paramref name="recipients"/>.</summary>
    /// <exception cref="EnvelopeException">A certificate that cannot be encrypted to (UnsuitableCertificate), or too many bytes (TooLarge).</exception>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, IReadOnlyList<X509Certificate2> recipients)
    {
        using var encryptor = EnvelopeEncryptor.Create(recipients, plaintext.Length);
        using var source = new MemoryStream(plaintext.ToArray(), writable: false);
        using var envelope = encryptor.Encrypt(source);
        var bytes = new byte[encryptor.Length];
        envelope.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// Encrypts the rest of <paramref name="plaintext"/> (from its position to its end; it must be
    /// seekable, since its length is written before it) into <paramref name="output"/>.
    /// </summary>
    public static void Encrypt(Stream plaintext, Stream output, IReadOnlyList<X509Certificate2> recipients)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(output);
        if (!plaintext.CanSeek)
            throw new ArgumentException("the plaintext stream must be seekable: the envelope's DER lengths come before its content", nameof(plaintext));
        using var encryptor = EnvelopeEncryptor.Create(recipients, plaintext.Length - plaintext.Position);
        using var envelope = encryptor.Encrypt(plaintext);
        envelope.CopyTo(output);
    }

    /// <summary>The plaintext of <paramref name="envelope"/>, opened with <paramref name="certificateWithPrivateKey"/>.</summary>
    /// <exception cref="EnvelopeException">
    /// NotEnvelopedData, NotARecipient (names the recipients it has), WrongKey, Corrupt or UnsupportedAlgorithm.
    /// </exception>
    public static byte[] Decrypt(ReadOnlySpan<byte> envelope, X509Certificate2 certificateWithPrivateKey)
    {
        using var source = new MemoryStream(envelope.ToArray(), writable: false);
        using var plaintext = new MemoryStream();
        EnvelopeDecryptor.Decrypt(source, plaintext, [certificateWithPrivateKey]);
        return plaintext.ToArray();
    }

    /// <summary>
    /// Decrypts <paramref name="envelope"/> into <paramref name="plaintext"/> as it reads, with the first
    /// of <paramref name="certificatesWithPrivateKeys"/> it is encrypted to, and returns that one. On an
    /// exception the output holds part of the plaintext at most: discard it.
    /// </summary>
    /// <exception cref="EnvelopeException">As <see cref="Decrypt(ReadOnlySpan{byte}, X509Certificate2)"/>.</exception>
    public static X509Certificate2 Decrypt(Stream envelope, Stream plaintext, IReadOnlyList<X509Certificate2> certificatesWithPrivateKeys) =>
        EnvelopeDecryptor.Decrypt(envelope, plaintext, certificatesWithPrivateKeys);
}
