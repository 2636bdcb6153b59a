using System.Security.Cryptography;

namespace Gateway.Crypto.Pki;

public sealed partial class DevPki
{
    /// <summary>
    /// Makes a new PKI in <paramref name="directory"/>, which must not exist or be empty: a root CA
    /// (self-signed), its first CRL (number 1, empty), the trust directory and index.json. Everything is
    /// written into a staging directory first and then moved into place, so a failure part-way leaves
    /// <paramref name="directory"/> as it was.
    /// </summary>
    /// <exception cref="PkiException">A bad option (InvalidInput), or the directory holds a PKI or anything else (Refused).</exception>
    public static DevPki Init(string directory, DevPkiOptions? options = null, TimeProvider? time = null) =>
        Init(directory, options ?? new DevPkiOptions(), time ?? TimeProvider.System, beforeStep: null);

    /// <param name="beforeStep">Called before each file is written ("write index.json") and each entry is
    /// moved into place ("move index.json"); tests throw from it to prove a failed init leaves nothing.</param>
    internal static DevPki Init(string directory, DevPkiOptions options, TimeProvider time, Action<string>? beforeStep)
    {
        PkiChecks.CommonName(options.Name);
        PkiChecks.ValidityDays(options.ValidityDays);
        PkiChecks.DefinedKeyKind(options.KeyKind);
        var crlUrl = PkiChecks.CrlUrl(options.CrlUrl);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        RefuseExisting(full);

        var exists = Directory.Exists(full);
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        // Staging beside the target when it is new (one rename then publishes it all at once), inside it
        // when it exists (it may be a mount point, which cannot be replaced).
        var parent = Path.GetDirectoryName(full) ?? full;
        var staging = exists ? Path.Combine(full, $".init-{suffix}") : Path.Combine(parent, $".{Path.GetFileName(full)}.init-{suffix}");
        try
        {
            Directory.CreateDirectory(parent);
            PkiFiles.CreateDirectory(staging, PkiFiles.PublicDirectory);
            WriteNew(staging, options, crlUrl, PkiTime.WholeSeconds(time.GetUtcNow()), beforeStep);
            if (exists)
                PublishInto(staging, full, beforeStep);
            else
                PublishAs(staging, full, beforeStep);
        }
        catch
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
            throw;
        }

        return Open(full, time);
    }

    private static void RefuseExisting(string directory)
    {
        if (File.Exists(directory))
            throw new PkiException(PkiFailure.InvalidInput, $"'{directory}' is a file, not a directory");
        if (!Directory.Exists(directory))
            return;
        if (File.Exists(PkiLayout.Resolve(directory, PkiLayout.Index)))
        {
            throw new PkiException(PkiFailure.Refused,
                $"a PKI already exists in '{directory}' (it has {PkiLayout.Index}); init never overwrites one: choose another --dir or remove it");
        }

        if (Directory.EnumerateFileSystemEntries(directory).FirstOrDefault() is { } entry)
        {
            throw new PkiException(PkiFailure.Refused,
                $"'{directory}' is not empty (it has '{Path.GetFileName(entry)}'); init makes a PKI only in a new or empty directory");
        }
    }

    private static void WriteNew(string staging, DevPkiOptions options, Uri crlUrl, DateTimeOffset now, Action<string>? beforeStep)
    {
        using var key = CertificateFactory.CreateKey(options.KeyKind);
        using var root = CertificateFactory.CreateRoot(
            new CertificateProfile { CommonName = options.Name, NotBefore = now - ClockSkew, NotAfter = now.AddDays(options.ValidityDays) },
            key);
        var crl = CertificateFactory.CreateCrl(root, [], 1, now, now + CrlLifetime);
        var entry = new PkiIndexEntry(
            root.SerialNumber, PkiCertificateKind.Root, options.Name, [], PkiTime.NotAfterOf(root), PkiLayout.RootCertificate, PkiLayout.RootKey, null);
        var index = new PkiIndex(PkiIndex.CurrentVersion, crlUrl.AbsoluteUri, 1, [entry]);

        PkiFiles.CreateDirectory(PkiLayout.Resolve(staging, PkiLayout.PrivateDirectory), PkiFiles.PrivateDirectory);
        PkiFiles.CreateDirectory(PkiLayout.Resolve(staging, PkiLayout.CrlDirectory), PkiFiles.PublicDirectory);
        PkiFiles.CreateDirectory(PkiLayout.Resolve(staging, PkiLayout.TrustDirectory), PkiFiles.PublicDirectory);
        Write(PkiLayout.RootKey, key.ExportPkcs8PrivateKeyPem(), PkiFiles.PrivateFile);
        Write(PkiLayout.RootCertificate, root.ExportCertificatePem(), PkiFiles.PublicFile);
        Write(PkiLayout.TrustedRoot, root.ExportCertificatePem(), PkiFiles.PublicFile);
        beforeStep?.Invoke($"write {PkiLayout.Crl}");
        PkiFiles.WriteAtomic(PkiLayout.Resolve(staging, PkiLayout.Crl), crl, PkiFiles.PublicFile);
        beforeStep?.Invoke($"write {PkiLayout.Index}");
        index.Save(PkiLayout.Resolve(staging, PkiLayout.Index));

        void Write(string relative, string text, UnixFileMode mode)
        {
            beforeStep?.Invoke($"write {relative}");
            PkiFiles.WriteAtomic(PkiLayout.Resolve(staging, relative), text, mode);
        }
    }

    /// <summary>The target does not exist: one rename makes the whole PKI appear at once.</summary>
    private static void PublishAs(string staging, string directory, Action<string>? beforeStep)
    {
        beforeStep?.Invoke($"move {Path.GetFileName(staging)}");
        Directory.Move(staging, directory);
        DirectoryFlush.Flush(Path.GetDirectoryName(directory)!);
    }

    /// <summary>
    /// The target exists and is empty: its entries move in one by one, index.json last, because a
    /// directory is a PKI only once it has index.json. A failure takes back what had moved.
    /// </summary>
    private static void PublishInto(string staging, string directory, Action<string>? beforeStep)
    {
        var entries = Directory.EnumerateFileSystemEntries(staging)
            .Select(Path.GetFileName)
            .OrderBy(name => name == PkiLayout.Index)
            .ToList();
        var moved = new List<string>();
        try
        {
            foreach (var name in entries)
            {
                beforeStep?.Invoke($"move {name}");
                var target = Path.Combine(directory, name!);
                if (Directory.Exists(Path.Combine(staging, name!)))
                    Directory.Move(Path.Combine(staging, name!), target);
                else
                    File.Move(Path.Combine(staging, name!), target);
                moved.Add(target);
            }

            DirectoryFlush.Flush(directory);
        }
        catch
        {
            foreach (var target in moved)
            {
                if (Directory.Exists(target))
                    Directory.Delete(target, recursive: true);
                else
                    File.Delete(target);
            }

            throw;
        }

        Directory.Delete(staging);
    }
}
