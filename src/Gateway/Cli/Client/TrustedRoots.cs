using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Cli.Client;

/// <summary>
/// `--ca FILE`: the root certificates a gateway's TLS certificate must chain to, instead of the system's
/// trust store (a gateway inside an agency usually has a private CA). The host name is still checked.
/// </summary>
internal sealed class TrustedRoots(X509Certificate2Collection roots)
{
    public static TrustedRoots Load(string path)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw ClientException.BadInput($"--ca: cannot read '{path}': {ex.Message.TrimEnd('.')}");
        }

        if (roots.Count == 0)
            throw ClientException.BadInput($"--ca: '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        return new TrustedRoots(roots);
    }

    public bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        // A wrong host name or a missing certificate fails whatever the roots are.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
