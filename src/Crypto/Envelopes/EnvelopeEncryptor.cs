using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// Encrypts one payload of a known length into CMS EnvelopedData (RFC 5652, DER): a fresh AES-256 key
/// and IV, one RecipientInfo per certificate (<see cref="EncryptionRecipient"/>), the content in
/// AES-256-CBC. The key is made once, so every <see cref="Encrypt"/> of the same plaintext gives the
/// same bytes: a sender can hash the envelope in one pass and upload it in a second without keeping
/// it anywhere. Memory stays small whatever the size.
/// </summary>
/// <remarks>
/// CBC is what EnvelopedData and OpenSSL's <c>cms -encrypt</c> use; it does not authenticate the
/// content. A damaged last block fails its padding, but an altered middle block decrypts to altered
/// plaintext. The document header the sender signs carries the envelope's SHA-256, and that is what
/// detects tampering: check it before decrypting (docs/security.md).
/// </remarks>
public sealed class EnvelopeEncryptor : IDisposable
{
    /// <summary>
    /// The largest envelope made: DER lengths up to 2^31 - 1 are what CMS readers take (BouncyCastle's
    /// among them), so a larger one would be refused by the recipient.
    /// </summary>
    public const long MaxEnvelopeBytes = int.MaxValue;

    private const int KeyBytes = 32;

    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly byte[] _prefix;
    private bool _disposed;

    private EnvelopeEncryptor(byte[] key, byte[] iv, byte[] prefix, long plaintextLength)
    {
        _key = key;
        _iv = iv;
        _prefix = prefix;
        PlaintextLength = plaintextLength;
        Length = prefix.Length + EnvelopeLayout.CiphertextLength(plaintextLength);
    }

    /// <summary>How many plaintext bytes <see cref="Encrypt"/> reads.</summary>
    public long PlaintextLength { get; }

    /// <summary>The envelope's size in bytes: what the header's payload.size says.</summary>
    public long Length { get; }

    /// <summary>An encryptor for <paramref name="plaintextLength"/> bytes to every certificate in <paramref name="recipients"/> (duplicates once).</summary>
    /// <exception cref="EnvelopeException">A certificate that cannot be encrypted to (UnsuitableCertificate), or a plaintext too large (TooLarge).</exception>
    public static EnvelopeEncryptor Create(IReadOnlyList<X509Certificate2> recipients, long plaintextLength)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        if (recipients.Count == 0)
            throw new ArgumentException("at least one recipient certificate is needed", nameof(recipients));
        // A cheap refusal before any key is wrapped; the exact one follows once the RecipientInfos' size is known.
        if (plaintextLength > MaxEnvelopeBytes - (1L << 20))
            throw TooLarge(plaintextLength);

        var checkedRecipients = new List<EncryptionRecipient>();
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        try
        {
            foreach (var certificate in recipients.DistinctBy(c => Convert.ToHexString(c.RawDataMemory.Span)))
                checkedRecipients.Add(EncryptionRecipient.From(certificate));
            var iv = RandomNumberGenerator.GetBytes(EnvelopeLayout.BlockBytes);
            var (recipientInfos, version) = RecipientInfoSet.Write(checkedRecipients, key);
            var prefix = EnvelopeLayout.Prefix(version, recipientInfos, EnvelopeOids.Aes256Cbc, iv, EnvelopeLayout.CiphertextLength(plaintextLength));
            var encryptor = new EnvelopeEncryptor(key, iv, prefix, plaintextLength);
            return encryptor.Length <= MaxEnvelopeBytes ? encryptor : throw TooLarge(plaintextLength);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(key);
            throw;
        }
        finally
        {
            foreach (var recipient in checkedRecipients)
                recipient.Dispose();
        }
    }

    /// <summary>
    /// The envelope as a readable stream, encrypting <paramref name="plaintext"/> as it is read. It
    /// reads exactly <see cref="PlaintextLength"/> bytes from the plaintext's current position and
    /// fails with an <see cref="IOException"/> if there are fewer or more. Disposing the returned
    /// stream disposes the plaintext too, unless <paramref name="leaveOpen"/>.
    /// </summary>
    public Stream Encrypt(Stream plaintext, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var aes = Aes.Create();
        // The transform copies the key; CryptoStream adds the PKCS#7 padding at the end of the plaintext.
        var transform = aes.CreateEncryptor(_key, _iv);
        var ciphertext = new CryptoStream(new ExactLengthStream(plaintext, PlaintextLength, leaveOpen), transform, CryptoStreamMode.Read);
        return new ConcatenatedStream(new MemoryStream(_prefix, writable: false), ciphertext);
    }

    /// <summary>Forgets the content key.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_key);
    }

    private static EnvelopeException TooLarge(long plaintextLength) =>
        new(EnvelopeFailure.TooLarge, $"{plaintextLength} bytes are too many to encrypt: an envelope holds at most {MaxEnvelopeBytes} bytes, the most CMS readers take");
}
