using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Cli.Client;

/// <summary>
/// `--client-cert PEM --client-key PEM`: the TLS client certificate a client command authenticates
/// with (mutual TLS), instead of or beside a bearer token. Intermediates that follow the certificate
/// in its file are sent along in the handshake.
/// </summary>
internal sealed class ClientCertificate : IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2Collection _intermediates;

    private ClientCertificate(X509Certificate2 certificate, X509Certificate2Collection intermediates)
    {
        _certificate = certificate;
        _intermediates = intermediates;
        // offline: the chain is what the file holds; nothing is downloaded to complete it.
        Context = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
    }

    /// <summary>What the TLS handshake presents: the certificate, its key and the intermediates.</summary>
    public SslStreamCertificateContext Context { get; }

    /// <exception cref="ClientException">the files cannot be read, or the key is not the certificate's.</exception>
    public static ClientCertificate Load(string certificateFile, string keyFile)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw ClientException.BadInput($"--client-cert: cannot load '{certificateFile}' with key '{keyFile}': {ex.Message.TrimEnd('.')}");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw ClientException.BadInput($"--client-key: '{keyFile}' holds no private key for '{certificateFile}'");
        }

        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificateFile);
        var intermediates = new X509Certificate2Collection();
        for (var i = 0; i < chain.Count; i++)
        {
            // The first is the certificate itself, loaded above with its key.
            if (i == 0)
                chain[i].Dispose();
            else
                intermediates.Add(chain[i]);
        }

        return new ClientCertificate(certificate, intermediates);
    }

    public void Dispose()
    {
        _certificate.Dispose();
        foreach (var intermediate in _intermediates)
            intermediate.Dispose();
    }
}
