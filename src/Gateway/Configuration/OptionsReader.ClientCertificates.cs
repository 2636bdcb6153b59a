using Gateway.Crypto.Trust;

namespace Gateway.Configuration;

internal static partial class OptionsReader
{
    private const string ClientCertificatesKey = "Grpc:Tls:ClientCertificates";
    private const string ClientCaKey = "Grpc:Tls:ClientCa";

    /// <summary>
    /// Grpc:Tls:ClientCertificates and Grpc:Tls:ClientCa. Both are refused where they could have no
    /// effect (no TLS listener, or a CA directory while client certificates are off), so an operator
    /// who believes mutual TLS is on is never quietly wrong.
    /// </summary>
    private static ClientCertificateOptions? ReadClientCertificates(SettingsReader reader, bool tlsListener)
    {
        var enabled = ReadBool(reader, ClientCertificatesKey, false);
        var directory = reader.String(ClientCaKey, "").Trim();
        if (!enabled)
        {
            if (directory.Length > 0)
                throw new ConfigurationException(ClientCaKey, $"is set but {ClientCertificatesKey} is false: set it to true to ask TLS clients for certificates");
            return null;
        }

        if (!tlsListener)
            throw new ConfigurationException(ClientCertificatesKey, "is true but Grpc:Tls:Endpoint is not set: client certificates need the TLS listener");

        // Not set: the signature trust anchors, whose directory may still be missing on a fresh
        // machine (the daemon warns at start, as it does for signatures).
        if (directory.Length == 0)
            return new ClientCertificateOptions();

        if (File.Exists(directory))
            throw new ConfigurationException(ClientCaKey, $"'{directory}' is a file, not a directory of PEM certificates");
        if (!Directory.Exists(directory))
            throw new ConfigurationException(ClientCaKey, $"directory '{directory}' does not exist");
        var anchors = LoadAnchors(ClientCaKey, directory);
        // A directory named on purpose that trusts nothing would refuse every client certificate.
        if (anchors.Roots.Count == 0)
            throw new ConfigurationException(ClientCaKey, $"directory '{directory}' holds no root (self-signed) certificate, so every client certificate would be refused");
        return new ClientCertificateOptions { Anchors = anchors, AnchorsSetting = directory };
    }
}
