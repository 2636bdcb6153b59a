using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Configuration;
using Gateway.Crypto.Pki;

namespace Gateway.Receipts;

/// <summary>
/// The key receipts and audit checkpoints are signed with: the configured PEM pair
/// (Receipts:CertificateFile/KeyFile), or else the gateway's own, made at first start as
/// <c>&lt;data&gt;/keys/receipts.pem</c> (a self-signed ECDSA P-256 certificate, what verifiers pin)
/// and <c>receipts.key</c> (mode 0600), and kept: receipts already given out stay verifiable.
/// </summary>
internal static class ReceiptKeys
{
    public const string DirectoryName = "keys";
    public const string CertificateFileName = "receipts.pem";
    public const string KeyFileName = "receipts.key";

    /// <summary>The signing certificate with its key; <paramref name="created"/> says it was made just now.</summary>
    public static X509Certificate2 Load(ReceiptsOptions options, string dataDirectory, TimeProvider time, out bool created)
    {
        created = false;
        if (options.Key is var (certificateFile, keyFile))
            return X509Certificate2.CreateFromPemFile(certificateFile, keyFile);

        var directory = Path.Combine(dataDirectory, DirectoryName);
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        if (File.Exists(certificatePath) && File.Exists(keyPath))
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

        PkiFiles.CreateDirectory(directory, PkiFiles.PrivateDirectory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = time.GetUtcNow();
        using var certificate = CertificateFactory.CreateRoot(new CertificateProfile
        {
            CommonName = "Axis gateway receipts",
            NotBefore = now.AddMinutes(-5),
            NotAfter = now.AddYears(20),
        }, key);
        // The key first: a certificate without its key would be loaded at the next start and fail.
        PkiFiles.WriteAtomic(keyPath, key.ExportPkcs8PrivateKeyPem(), PkiFiles.PrivateFile);
        PkiFiles.WriteAtomic(certificatePath, certificate.ExportCertificatePem() + "\n", PkiFiles.PublicFile);
        created = true;
        return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
    }
}
