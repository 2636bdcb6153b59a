using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Cli.Client;

/// <summary>
/// `gateway receive --cert CERT.pem --key KEY.pem`: the certificates (each with its private key) that
/// encrypted payloads may be encrypted to. The pair may be repeated, for a system that receives for
/// several organisations, each with its own encryption certificate; the n-th --key goes with the
/// n-th --cert.
/// </summary>
internal sealed class DecryptionKeys : IDisposable
{
    private readonly List<X509Certificate2> _certificates;

    private DecryptionKeys(List<X509Certificate2> certificates) => _certificates = certificates;

    /// <summary>Empty when receive was given none: an encrypted payload is then nacked, not written.</summary>
    public IReadOnlyList<X509Certificate2> Certificates => _certificates;

    /// <exception cref="ClientException">Unpaired options, a file that cannot be read, or a key that is not the certificate's.</exception>
    public static DecryptionKeys Load(IReadOnlyList<string> certificates, IReadOnlyList<string> keys)
    {
        if (certificates.Count != keys.Count)
        {
            throw ClientException.BadInput(certificates.Count > keys.Count
                ? $"--cert: {certificates.Count} given and {keys.Count} --key; each --cert needs its --key"
                : $"--key: {keys.Count} given and {certificates.Count} --cert; each --key needs the --cert it belongs to");
        }

        var loaded = new List<X509Certificate2>();
        try
        {
            for (var i = 0; i < certificates.Count; i++)
            {
                try
                {
                    // Takes the file's first certificate and checks that the key is its key.
                    loaded.Add(X509Certificate2.CreateFromPemFile(certificates[i], keys[i]));
                }
                catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
                {
                    throw ClientException.BadInput($"--key: cannot load '{keys[i]}' as the private key of '{certificates[i]}': {ex.Message.TrimEnd('.')}");
                }
            }

            return new DecryptionKeys(loaded);
        }
        catch
        {
            foreach (var certificate in loaded)
                certificate.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var certificate in _certificates)
            certificate.Dispose();
    }
}
