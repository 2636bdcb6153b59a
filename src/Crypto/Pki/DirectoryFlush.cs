using System.Runtime.InteropServices;

namespace Gateway.Crypto.Pki;

/// <summary>
/// fsync of a directory, which makes a rename or a new file's directory entry survive a crash on Linux.
/// .NET opens no handle on a directory, so this goes to libc directly; elsewhere it does nothing.
/// Shared by the store's blobs, the client's inbox and the development PKI.
/// </summary>
public static partial class DirectoryFlush
{
    // O_RDONLY; O_DIRECTORY is left out because its value differs between architectures and a plain
    // read-only open of a directory is what fsync needs.
    private const int ReadOnly = 0;

    public static void Flush(string path)
    {
        if (!OperatingSystem.IsLinux())
            return;
        var fd = Open(path, ReadOnly);
        if (fd < 0)
            throw new IOException($"cannot open directory '{path}' to fsync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0)
                throw new IOException($"fsync of directory '{path}' failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
