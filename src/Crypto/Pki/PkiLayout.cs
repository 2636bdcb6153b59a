namespace Gateway.Crypto.Pki;

/// <summary>
/// Where each file of a development PKI lives, relative to its directory. index.json records these
/// relative paths (with '/'), so a PKI directory can be moved or copied whole. See docs/pki.md.
/// </summary>
public static class PkiLayout
{
    public const string RootCertificate = "root.pem";
    public const string PrivateDirectory = "private";
    public const string RootKey = "private/root.key";
    public const string CrlDirectory = "crl";
    public const string Crl = "crl/root.crl";

    /// <summary>The directory the gateway reads as its trust anchors: every PEM certificate in it.</summary>
    public const string TrustDirectory = "trust";
    public const string TrustedRoot = "trust/root.pem";
    public const string Index = "index.json";

    /// <summary>Certificates no longer in force, moved aside when a new one takes their file names.</summary>
    public const string ArchiveDirectory = "archive";

    /// <summary>Held exclusively while a command changes the PKI, so two commands never lose each other's update.</summary>
    public const string LockFile = ".lock";

    public static string OrgCertificate(string code) => $"orgs/{code}.pem";

    public static string OrgKey(string code) => $"orgs/{code}.key";

    /// <summary>An org's encryption certificate sits beside its signing one, under its own names.</summary>
    public static string OrgEncryptionCertificate(string code) => $"orgs/{code}.encryption.pem";

    public static string OrgEncryptionKey(string code) => $"orgs/{code}.encryption.key";

    public static string GatewayCertificate(string host) => $"gateway/{host}.pem";

    public static string GatewayKey(string host) => $"gateway/{host}.key";

    public static string SystemCertificate(string name) => $"systems/{name}.pem";

    public static string SystemKey(string name) => $"systems/{name}.key";

    public static string ArchivedCertificate(string serial) => $"{ArchiveDirectory}/{serial}.pem";

    public static string ArchivedKey(string serial) => $"{ArchiveDirectory}/{serial}.key";

    /// <summary>The full path of <paramref name="relative"/> under <paramref name="directory"/>.</summary>
    public static string Resolve(string directory, string relative) =>
        Path.Combine(directory, relative.Replace('/', Path.DirectorySeparatorChar));
}
