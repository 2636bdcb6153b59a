using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Configuration;

internal static partial class OptionsReader
{
    private static ReceiptsOptions ReadReceipts(SettingsReader reader)
    {
        var certificate = reader.String("Receipts:CertificateFile", "").Trim();
        var key = reader.String("Receipts:KeyFile", "").Trim();
        (string, string)? pair = null;
        if (certificate.Length > 0 || key.Length > 0)
        {
            if (certificate.Length == 0)
                throw new ConfigurationException("Receipts:CertificateFile", "is required when Receipts:KeyFile is set");
            if (key.Length == 0)
                throw new ConfigurationException("Receipts:KeyFile", "is required when Receipts:CertificateFile is set");
            pair = (Path.GetFullPath(certificate), Path.GetFullPath(key));
            CheckSigningPair("Receipts:CertificateFile", certificate, key);
        }

        var url = reader.String("Receipts:TimestampUrl", "").Trim();
        Uri? timestamp = null;
        if (url.Length > 0 && (!Uri.TryCreate(url, UriKind.Absolute, out timestamp) || (timestamp.Scheme != Uri.UriSchemeHttp && timestamp.Scheme != Uri.UriSchemeHttps)))
            throw new ConfigurationException("Receipts:TimestampUrl", $"'{url}' is not an http or https URL");

        return new ReceiptsOptions
        {
            Key = pair,
            BatchWindow = reader.Duration("Receipts:BatchWindow", TimeSpan.FromMilliseconds(2), TimeSpan.Zero, TimeSpan.FromSeconds(1)),
            TimestampUrl = timestamp,
        };
    }

    // Loaded here so a bad pair stops the start with a message, not the first receipt.
    private static void CheckSigningPair(string key, string certificateFile, string keyFile)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            if (!certificate.HasPrivateKey)
                throw new ConfigurationException(key, $"'{keyFile}' holds no private key for '{certificateFile}'");
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException)
        {
            throw new ConfigurationException(key, $"cannot load '{certificateFile}' with key '{keyFile}': {ex.Message.TrimEnd('.')}");
        }
    }
}
