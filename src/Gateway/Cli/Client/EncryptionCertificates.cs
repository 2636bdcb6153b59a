using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Envelopes;

namespace Gateway.Cli.Client;

/// <summary>
/// `gateway send --encrypt-to CERT.pem`: the certificates a payload is encrypted to, read from PEM (or
/// DER) files, the first certificate of each. Their chains and revocation are not checked here: the
/// sender vouches for the certificates it was given, as it does for the codes it sends to. A
/// certificate outside its validity is refused, since its owner may have replaced its key.
/// </summary>
internal sealed class EncryptionCertificates : IDisposable
{
    public const string Option = "--encrypt-to";

    private readonly List<X509Certificate2> _certificates;

    private EncryptionCertificates(List<X509Certificate2> certificates) => _certificates = certificates;

    public IReadOnlyList<X509Certificate2> Certificates => _certificates;

    /// <exception cref="ClientException">A file that cannot be read, or a certificate outside its validity.</exception>
    public static EncryptionCertificates Load(IEnumerable<string> paths, DateTimeOffset now)
    {
        var certificates = new List<X509Certificate2>();
        try
        {
            foreach (var path in paths)
            {
                X509Certificate2 certificate;
                try
                {
                    certificate = X509CertificateLoader.LoadCertificateFromFile(path);
                }
                catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
                {
                    throw ClientException.BadInput($"{Option}: cannot read a certificate from '{path}': {ex.Message.TrimEnd('.')}");
                }

                certificates.Add(certificate);
                if (now < certificate.NotBefore || now > certificate.NotAfter)
                {
                    throw ClientException.BadInput(
                        $"{Option}: certificate CN={certificate.GetNameInfo(X509NameType.SimpleName, false)} (serial {certificate.SerialNumber}) in '{path}' " +
                        $"is valid from {certificate.NotBefore.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ} to {certificate.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}, not now");
                }
            }

            return new EncryptionCertificates(certificates);
        }
        catch
        {
            foreach (var certificate in certificates)
                certificate.Dispose();
            throw;
        }
    }

    /// <summary>An encryptor for a file of <paramref name="size"/> bytes to every certificate.</summary>
    /// <exception cref="ClientException">A certificate that cannot be encrypted to, or a file too large to encrypt.</exception>
    public EnvelopeEncryptor EncryptorFor(string path, long size)
    {
        try
        {
            return EnvelopeEncryptor.Create(_certificates, size);
        }
        catch (EnvelopeException ex) when (ex.Failure == EnvelopeFailure.UnsuitableCertificate)
        {
            throw ClientException.BadInput($"{Option}: {ex.Message}; an organisation's encryption certificate comes from 'gateway pki issue-org CODE --purpose encryption' or its CA");
        }
        catch (EnvelopeException ex)
        {
            throw ClientException.BadInput($"--file: '{path}': {ex.Message}");
        }
    }

    public void Dispose()
    {
        foreach (var certificate in _certificates)
            certificate.Dispose();
    }
}
