using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Trust;

/// <summary>
/// The certificates the gateway trusts, read from a directory of PEM files: self-signed ones are
/// roots (trust anchors), the others are intermediates offered to chain building.
/// </summary>
public sealed class TrustAnchors
{
    private TrustAnchors(X509Certificate2Collection roots, X509Certificate2Collection intermediates, string? source)
    {
        Roots = roots;
        Intermediates = intermediates;
        Source = source;
    }

    public X509Certificate2Collection Roots { get; }

    public X509Certificate2Collection Intermediates { get; }

    /// <summary>The directory read, or null for anchors given in code.</summary>
    public string? Source { get; }

    /// <summary>No anchors: every signature is refused as untrusted.</summary>
    public static TrustAnchors None { get; } = new([], [], null);

    public static TrustAnchors From(IEnumerable<X509Certificate2> certificates)
    {
        var (roots, intermediates) = Split(certificates);
        return new TrustAnchors(roots, intermediates, null);
    }

    /// <summary>
    /// Reads every <c>*.pem</c>, <c>*.crt</c> and <c>*.cer</c> file of <paramref name="directory"/>
    /// (PEM, several certificates per file allowed). A file that holds no certificate is an error
    /// naming the file: a trust directory with a typo in it must not silently trust less.
    /// </summary>
    public static TrustAnchors Load(string directory)
    {
        var certificates = new List<X509Certificate2>();
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var extension = Path.GetExtension(file).ToLowerInvariant();
            if (extension is not (".pem" or ".crt" or ".cer"))
                continue;
            var collection = new X509Certificate2Collection();
            try
            {
                collection.ImportFromPemFile(file);
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException)
            {
                throw new InvalidDataException($"trust anchor file {file} could not be read: {ex.Message}", ex);
            }

            if (collection.Count == 0)
                throw new InvalidDataException($"trust anchor file {file} holds no PEM certificate");
            certificates.AddRange(collection);
        }

        var (roots, intermediates) = Split(certificates);
        return new TrustAnchors(roots, intermediates, directory);
    }

    private static (X509Certificate2Collection Roots, X509Certificate2Collection Intermediates) Split(IEnumerable<X509Certificate2> certificates)
    {
        var roots = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in certificates)
        {
            if (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData))
                roots.Add(certificate);
            else
                intermediates.Add(certificate);
        }

        return (roots, intermediates);
    }
}
