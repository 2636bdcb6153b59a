using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Cli;

/// <summary>A certificate file an operator names on the command line (`orgs bind-cert`, `systems bind-cert`).</summary>
internal static class CertificateFile
{
    /// <summary>The first certificate of a PEM file (a chain may follow it), or a DER file's certificate.</summary>
    /// <exception cref="CertificateFileException">the file cannot be read or holds no certificate.</exception>
    public static X509Certificate2 Load(string file)
    {
        try
        {
            var bytes = File.ReadAllBytes(file);
            if (bytes.Length == 0 || bytes[0] != (byte)'-')
                return X509CertificateLoader.LoadCertificate(bytes);
            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(file);
            if (collection.Count == 0)
                throw new InvalidDataException("no PEM certificate in it");
            for (var i = 1; i < collection.Count; i++)
                collection[i].Dispose();
            return collection[0];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or InvalidDataException)
        {
            throw new CertificateFileException($"'{file}' is not a readable certificate ({ex.Message.TrimEnd('.')})", ex);
        }
    }
}

/// <summary>A certificate file that could not be used; the message names the file and why.</summary>
internal sealed class CertificateFileException(string message, Exception inner) : Exception(message, inner);
