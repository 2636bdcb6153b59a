using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Pki;

/// <summary>
/// A development PKI in a directory: a root CA, its CRL, and the org, gateway and system certificates
/// it issued, recorded in index.json. <c>gateway pki</c> drives it from the command line; tests make
/// one in code. The layout is <see cref="PkiLayout"/>; docs/pki.md describes it for people.
/// </summary>
public sealed partial class DevPki : IDisposable
{
    /// <summary>How long each CRL is current (its nextUpdate after its thisUpdate).</summary>
    public static readonly TimeSpan CrlLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// How far back a new certificate's notBefore is set, so that a machine whose clock is a little
    /// behind the issuing one still accepts it at once.
    /// </summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time;

    private DevPki(string directory, PkiIndex index, X509Certificate2 root, TimeProvider time)
    {
        PkiDirectory = directory;
        Index = index;
        Root = root;
        _time = time;
        CrlUrl = new Uri(index.CrlUrl);
    }

    /// <summary>Full path of the PKI's directory.</summary>
    public string PkiDirectory { get; }

    /// <summary>The root CA with its private key.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The CRL distribution point every issued certificate carries.</summary>
    public Uri CrlUrl { get; }

    /// <summary>index.json as this object last read or wrote it.</summary>
    public PkiIndex Index { get; private set; }

    public string RootCertificatePath => FullPath(PkiLayout.RootCertificate);

    public string RootKeyPath => FullPath(PkiLayout.RootKey);

    public string CrlPath => FullPath(PkiLayout.Crl);

    public string TrustDirectory => FullPath(PkiLayout.TrustDirectory);

    public string TrustedRootPath => FullPath(PkiLayout.TrustedRoot);

    public string IndexPath => FullPath(PkiLayout.Index);

    /// <summary>Full path of a file named in index.json.</summary>
    public string FullPath(string relative) => PkiLayout.Resolve(PkiDirectory, relative);

    /// <summary>The PKI in <paramref name="directory"/>, made earlier by <see cref="Init(string, DevPkiOptions?, TimeProvider?)"/>.</summary>
    /// <exception cref="PkiException">There is no PKI there (NotFound), or its files are unreadable or do not match (Damaged).</exception>
    public static DevPki Open(string directory, TimeProvider? time = null)
    {
        var full = Path.GetFullPath(directory);
        var indexPath = PkiLayout.Resolve(full, PkiLayout.Index);
        if (!File.Exists(indexPath))
            throw new PkiException(PkiFailure.NotFound, $"no PKI in '{full}': it has no {PkiLayout.Index} (make one with 'gateway pki init')");
        var index = PkiIndex.Load(indexPath);
        var root = LoadRoot(full);
        if (!string.Equals(root.SerialNumber, index.Certificates[0].Serial, StringComparison.Ordinal))
        {
            var serial = root.SerialNumber;
            root.Dispose();
            throw new PkiException(PkiFailure.Damaged,
                $"'{PkiLayout.Resolve(full, PkiLayout.RootCertificate)}' has serial {serial} but '{indexPath}' records root {index.Certificates[0].Serial}");
        }

        return new DevPki(full, index, root, time ?? TimeProvider.System);
    }

    private static X509Certificate2 LoadRoot(string directory)
    {
        var certificate = PkiLayout.Resolve(directory, PkiLayout.RootCertificate);
        var key = PkiLayout.Resolve(directory, PkiLayout.RootKey);
        try
        {
            return X509Certificate2.CreateFromPemFile(certificate, key);
        }
        catch (Exception ex) when (ex is CryptographicException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PkiException(PkiFailure.Damaged, $"cannot load the root CA from '{certificate}' and '{key}': {ex.Message}");
        }
    }

    private DateTimeOffset Now() => PkiTime.WholeSeconds(_time.GetUtcNow());

    /// <summary>index.json as it is on disk now: another command may have changed it since this object read it.</summary>
    private PkiIndex Reload() => Index = PkiIndex.Load(IndexPath);

    public void Dispose() => Root.Dispose();
}
