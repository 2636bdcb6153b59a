using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Pki;

public sealed partial class DevPki
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// A document-signing certificate for organisation <paramref name="code"/> (a standard code, written
    /// as the subject's organizationIdentifier): key usage digitalSignature and nonRepudiation. Files
    /// orgs/CODE.pem and orgs/CODE.key.
    /// </summary>
    /// <exception cref="PkiException">A bad code or option (InvalidInput), or CODE still has a certificate in force (Refused).</exception>
    public IssuedCertificate IssueOrg(string code, IssueOptions? options = null)
    {
        options ??= new IssueOptions();
        var org = PkiChecks.StandardOrgCode(code);
        var profile = Profile(options, options.CommonName ?? org) with
        {
            OrgCodes = [org],
            KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
        };
        return Issue(PkiCertificateKind.Org, PkiLayout.OrgCertificate(org), PkiLayout.OrgKey(org), profile, options.KeyKind, $"org {org}");
    }

    /// <summary>
    /// An encryption certificate for organisation <paramref name="code"/>, the one senders encrypt
    /// payloads to (docs/security.md, end-to-end encryption): the same subject as its signing
    /// certificate, key usage keyAgreement for an EC key (ECDH) or keyEncipherment for an RSA key. A
    /// key of its own, apart from the signing key, so either can be replaced or revoked alone. Files
    /// orgs/CODE.encryption.pem and orgs/CODE.encryption.key.
    /// </summary>
    /// <exception cref="PkiException">A bad code or option (InvalidInput), or CODE still has an encryption certificate in force (Refused).</exception>
    public IssuedCertificate IssueOrgEncryption(string code, IssueOptions? options = null)
    {
        options ??= new IssueOptions();
        var org = PkiChecks.StandardOrgCode(code);
        var rsa = options.KeyKind is KeyKind.Rsa2048 or KeyKind.Rsa3072;
        var profile = Profile(options, options.CommonName ?? org) with
        {
            OrgCodes = [org],
            KeyUsage = rsa ? X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.KeyAgreement,
        };
        return Issue(PkiCertificateKind.OrgEncryption, PkiLayout.OrgEncryptionCertificate(org), PkiLayout.OrgEncryptionKey(org),
            profile, options.KeyKind, $"org {org} (encryption)");
    }

    /// <summary>
    /// The gateway's TLS server and receipt-signing certificate: subject alternative names
    /// <paramref name="host"/> (a DNS name, or an IP address) and <paramref name="addresses"/>, with
    /// 127.0.0.1 and ::1 added for localhost; extended key usage serverAuth, key usage
    /// digitalSignature. Files gateway/HOST.pem and gateway/HOST.key.
    /// </summary>
    public IssuedCertificate IssueGateway(string host, IEnumerable<IPAddress>? addresses = null, IssueOptions? options = null)
    {
        options ??= new IssueOptions();
        PkiChecks.Host(host);
        var dns = new List<string>();
        var ips = new List<IPAddress>();
        if (IpAddressText.TryParse(host, out var hostAddress))
            ips.Add(hostAddress);
        else
            dns.Add(host);
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            ips.AddRange([IPAddress.Loopback, IPAddress.IPv6Loopback]);
        foreach (var address in addresses ?? [])
        {
            if (!ips.Contains(address))
                ips.Add(address);
        }

        var profile = Profile(options, options.CommonName ?? host) with
        {
            KeyUsage = X509KeyUsageFlags.DigitalSignature,
            ExtendedKeyUsages = [ServerAuth],
            DnsNames = dns,
            IpAddresses = ips,
        };
        return Issue(PkiCertificateKind.Gateway, PkiLayout.GatewayCertificate(host), PkiLayout.GatewayKey(host), profile, options.KeyKind, $"gateway {host}");
    }

    /// <summary>
    /// A connected system's TLS client certificate, its org codes as organizationIdentifier attributes:
    /// extended key usage clientAuth, key usage digitalSignature. Files systems/NAME.pem and systems/NAME.key.
    /// </summary>
    public IssuedCertificate IssueSystem(string name, IEnumerable<string> orgCodes, IssueOptions? options = null)
    {
        options ??= new IssueOptions();
        PkiChecks.FileName(name, "system name");
        var codes = PkiChecks.OrgCodes(orgCodes);
        var profile = Profile(options, options.CommonName ?? name) with
        {
            OrgCodes = codes,
            KeyUsage = X509KeyUsageFlags.DigitalSignature,
            ExtendedKeyUsages = [ClientAuth],
        };
        return Issue(PkiCertificateKind.System, PkiLayout.SystemCertificate(name), PkiLayout.SystemKey(name), profile, options.KeyKind, $"system {name}");
    }

    private CertificateProfile Profile(IssueOptions options, string commonName)
    {
        PkiChecks.CommonName(commonName);
        PkiChecks.ValidityDays(options.ValidityDays);
        PkiChecks.DefinedKeyKind(options.KeyKind);
        var now = Now();
        // CertificateFactory keeps notAfter within the root's.
        return new CertificateProfile
        {
            CommonName = commonName,
            NotBefore = now - ClockSkew,
            NotAfter = now.AddDays(options.ValidityDays),
            CrlUrl = CrlUrl,
        };
    }

    /// <summary>
    /// Issues under the lock: a certificate still in force under the same file names is refused (its
    /// key may be in use); a revoked or expired one is moved to archive/ first, so its files survive.
    /// The key and certificate are written before index.json, so the index never names a missing file.
    /// </summary>
    private IssuedCertificate Issue(
        PkiCertificateKind kind, string certificate, string key, CertificateProfile profile, KeyKind keyKind, string what)
    {
        using var held = PkiLock.Acquire(PkiDirectory);
        var index = Reload();
        var now = Now();
        foreach (var previous in index.Certificates.Where(c => c.Certificate == certificate).ToList())
        {
            if (previous.IsInForce(now))
            {
                throw new PkiException(PkiFailure.Refused,
                    $"{what} already has a certificate in force: serial {previous.Serial}, valid until {PkiTime.Format(previous.NotAfter)}, " +
                    $"in '{FullPath(certificate)}'; revoke it first ('gateway pki revoke {previous.Serial}')");
            }

            index = index.Replace(Archive(previous));
        }

        using var subjectKey = CertificateFactory.CreateKey(keyKind);
        var issued = CertificateFactory.Issue(Root, profile, subjectKey);
        try
        {
            PkiFiles.CreateDirectory(Path.GetDirectoryName(FullPath(certificate))!, PkiFiles.PublicDirectory);
            PkiFiles.WriteAtomic(FullPath(key), subjectKey.ExportPkcs8PrivateKeyPem(), PkiFiles.PrivateFile);
            PkiFiles.WriteAtomic(FullPath(certificate), issued.ExportCertificatePem(), PkiFiles.PublicFile);
            var entry = new PkiIndexEntry(
                issued.SerialNumber, kind, profile.CommonName, profile.OrgCodes, PkiTime.NotAfterOf(issued), certificate, key, null);
            index = index.Add(entry);
            index.Save(IndexPath);
            Index = index;
            return new IssuedCertificate(entry, FullPath(certificate), FullPath(key), issued);
        }
        catch
        {
            issued.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Moves a certificate no longer in force, and its key, to archive/SERIAL.pem and .key. A file
    /// already in the archive stays: an earlier, interrupted issue moved it there.
    /// </summary>
    private PkiIndexEntry Archive(PkiIndexEntry entry)
    {
        PkiFiles.CreateDirectory(FullPath(PkiLayout.ArchiveDirectory), PkiFiles.PublicDirectory);
        var certificate = PkiLayout.ArchivedCertificate(entry.Serial);
        var key = PkiLayout.ArchivedKey(entry.Serial);
        MoveAside(entry.Certificate, certificate);
        MoveAside(entry.Key, key);
        return entry with { Certificate = certificate, Key = key };

        void MoveAside(string from, string to)
        {
            if (!File.Exists(FullPath(to)) && File.Exists(FullPath(from)))
                PkiFiles.Move(FullPath(from), FullPath(to));
        }
    }
}
