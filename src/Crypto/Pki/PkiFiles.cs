using System.Security.Cryptography;

namespace Gateway.Crypto.Pki;

/// <summary>
/// How keys and certificates are written (the development PKI, the gateway's receipt key): each whole or not at all (a temporary file, fsynced, then
/// renamed over the target and the directory fsynced), private keys created 0600 from the first byte
/// and their directory 0700, so there is never a moment when a key is readable by others.
/// </summary>
public static class PkiFiles
{
    /// <summary>Private keys: owner read and write only.</summary>
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Certificates, CRLs and the index: readable by all (subject to the umask).</summary>
    public const UnixFileMode PublicFile = PrivateFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The directory of the root key: owner only.</summary>
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Other directories: anyone may list them; the keys inside are 0600 themselves.</summary>
    public const UnixFileMode PublicDirectory = PrivateDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static void WriteAtomic(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var directory = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = mode;
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            if (File.Exists(temp))
                File.Delete(temp);
            throw;
        }

        DirectoryFlush.Flush(directory);
    }

    public static void WriteAtomic(string path, string text, UnixFileMode mode) =>
        WriteAtomic(path, System.Text.Encoding.UTF8.GetBytes(text), mode);

    /// <summary>Creates <paramref name="path"/> (and its parents) if missing; a new one gets <paramref name="mode"/>.</summary>
    public static void CreateDirectory(string path, UnixFileMode mode)
    {
        if (Directory.Exists(path))
            return;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
            Directory.CreateDirectory(path, mode);
        DirectoryFlush.Flush(Path.GetDirectoryName(path)!);
    }

    /// <summary>Moves a file to a new name in the same PKI and makes both directory entries durable.</summary>
    public static void Move(string from, string to)
    {
        File.Move(from, to);
        DirectoryFlush.Flush(Path.GetDirectoryName(from)!);
        DirectoryFlush.Flush(Path.GetDirectoryName(to)!);
    }
}
