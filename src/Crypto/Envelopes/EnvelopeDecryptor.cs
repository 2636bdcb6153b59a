using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// Opens CMS EnvelopedData as it streams: the structure up to the encrypted content is parsed
/// (<see cref="EnvelopeParts"/>), the content key opened for the matching recipient
/// (<see cref="RecipientEntry"/>), then the content decrypted with .NET's AES-CBC and written out as
/// it is read, whatever the size. Every failure is an <see cref="EnvelopeException"/> saying which
/// step failed; a read error of the source is rethrown as itself. On any failure, what was written to
/// the output so far must be discarded.
/// </summary>
internal static class EnvelopeDecryptor
{
    private const int BufferBytes = 1 << 16;

    public static X509Certificate2 Decrypt(Stream envelope, Stream plaintext, IReadOnlyList<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(certificates);
        if (certificates.Count == 0)
            throw new ArgumentException("at least one certificate with its private key is needed", nameof(certificates));
        if (certificates.FirstOrDefault(c => !c.HasPrivateKey) is { } keyless)
            throw new ArgumentException($"certificate {CertificateText.Describe(keyless)} has no private key", nameof(certificates));
        try
        {
            return Open(new SourceStream(envelope), plaintext, certificates);
        }
        catch (SourceStream.SourceFailure failure)
        {
            failure.Rethrow();
            throw;
        }
    }

    private static X509Certificate2 Open(Stream source, Stream plaintext, IReadOnlyList<X509Certificate2> certificates)
    {
        var head = new byte[EnvelopeProbe.HeadBytes];
        var headLength = source.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        EnvelopeProbe.Check(head.AsSpan(0, headLength));

        using var input = new ConcatenatedStream(new MemoryStream(head, 0, headLength, writable: false), source);
        var parts = EnvelopeParts.Read(input);
        var (keyBytes, iv) = ContentCipher(parts);
        var (certificate, key) = OpenContentKey(parts, certificates);
        try
        {
            if (key.Length != keyBytes)
                throw new EnvelopeException(EnvelopeFailure.WrongKey,
                    $"the content key opened with certificate {CertificateText.Describe(certificate)} is {key.Length} bytes where the cipher takes {keyBytes} " +
                    "(a key that is not the certificate's, or a damaged RecipientInfo)");
            using var aes = Aes.Create();
            using var decrypted = new CryptoStream(parts.EncryptedContent, aes.CreateDecryptor(key, iv), CryptoStreamMode.Read, leaveOpen: true);
            Copy(decrypted, plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return certificate;
    }

    /// <summary>
    /// The content key, from the recipient that names one of the certificates. The RecipientInfos are
    /// decoded only now, one field at a time: a malformed one (an identifier or algorithm parameters
    /// of the wrong ASN.1 type) is damage, reported as such rather than as whatever the decoder threw.
    /// </summary>
    private static (X509Certificate2 Certificate, byte[] Key) OpenContentKey(EnvelopeParts parts, IReadOnlyList<X509Certificate2> certificates)
    {
        try
        {
            var (entry, certificate) = RecipientMatch.Find(parts.Recipients, certificates);
            return (certificate, entry.OpenContentKey(certificate));
        }
        catch (Exception ex) when (ex is not EnvelopeException && EnvelopeErrors.IsParseFailure(ex))
        {
            throw new EnvelopeException(EnvelopeFailure.Corrupt, $"the EnvelopedData is damaged: a RecipientInfo cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>The AES-CBC key size and IV the envelope names; any other cipher is refused before a key is opened.</summary>
    private static (int KeyBytes, byte[] Iv) ContentCipher(EnvelopeParts parts)
    {
        var oid = parts.ContentAlgorithm.Algorithm.Id;
        var keyBytes = EnvelopeOids.AesCbcKeyBytes(oid);
        if (keyBytes == 0)
            throw new EnvelopeException(EnvelopeFailure.UnsupportedAlgorithm, $"the content is encrypted with {oid}; only AES-CBC (128, 192 or 256 bits) is decrypted here");
        var iv = parts.ContentAlgorithm.Parameters is Asn1OctetString octets ? octets.GetOctets() : null;
        if (iv is not { Length: EnvelopeLayout.BlockBytes })
            throw new EnvelopeException(EnvelopeFailure.Corrupt, $"the EnvelopedData is damaged: its AES-CBC parameters are not a {EnvelopeLayout.BlockBytes}-byte IV");
        return (keyBytes, iv);
    }

    /// <summary>Reads and writes apart, so that only a failure to read the envelope is called damage; a write failure is the output's own.</summary>
    private static void Copy(Stream decrypted, Stream plaintext)
    {
        var buffer = new byte[BufferBytes];
        while (true)
        {
            int read;
            try
            {
                read = decrypted.Read(buffer);
            }
            catch (Exception ex) when (EnvelopeErrors.IsParseFailure(ex))
            {
                throw new EnvelopeException(EnvelopeFailure.Corrupt, $"the encrypted content is damaged: {ex.Message}", ex);
            }

            if (read == 0)
                return;
            plaintext.Write(buffer, 0, read);
        }
    }
}
