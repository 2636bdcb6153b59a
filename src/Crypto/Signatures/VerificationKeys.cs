using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Signatures;

/// <summary>
/// Public-key objects of one certificate, lent to one verification at a time. .NET does not promise
/// that an <see cref="ECDsa"/> or <see cref="RSA"/> instance may be used by several threads at once, so
/// parallel workers each borrow one; making a key object from a certificate costs about as much as
/// parsing the certificate, so they are kept rather than made per call. At most one idle key per slot
/// is kept; a key that finds every slot taken is disposed.
/// </summary>
internal sealed class VerificationKeys(X509Certificate2 certificate, KeyFamily family)
{
    private readonly AsymmetricAlgorithm?[] _idle = new AsymmetricAlgorithm?[Math.Max(2, Environment.ProcessorCount)];

    public AsymmetricAlgorithm Rent()
    {
        // Start at a slot picked by thread, so workers mostly find their own key without contention.
        var start = Environment.CurrentManagedThreadId;
        for (var i = 0; i < _idle.Length; i++)
        {
            if (Interlocked.Exchange(ref _idle[(start + i) % _idle.Length], null) is { } key)
                return key;
        }

        return family == KeyFamily.Ecdsa
            ? certificate.GetECDsaPublicKey() ?? throw new CryptographicException("the certificate has no ECDSA public key")
            : certificate.GetRSAPublicKey() ?? throw new CryptographicException("the certificate has no RSA public key");
    }

    public void Return(AsymmetricAlgorithm key)
    {
        var start = Environment.CurrentManagedThreadId;
        for (var i = 0; i < _idle.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _idle[(start + i) % _idle.Length], key, null) is null)
                return;
        }

        key.Dispose();
    }
}
