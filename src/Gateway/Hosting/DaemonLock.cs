using System.Globalization;
using Gateway.Store;

namespace Gateway.Hosting;

/// <summary>
/// Keeps a second daemon off the same data directory: two daemons would both deliver the same queues.
/// An exclusive lock on data/gateway.lock, released by the OS when the process ends, even by SIGKILL.
/// The admin CLI does not take it: it may work beside a running daemon.
/// </summary>
internal sealed class DaemonLock : IDisposable
{
    public const string FileName = "gateway.lock";

    private readonly FileStream _file;

    private DaemonLock(FileStream file) => _file = file;

    public static DaemonLock Acquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        FileStream file;
        try
        {
            // FileShare.None is an advisory flock(LOCK_EX) on Unix: exactly what is needed.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new StoreException($"data directory '{dataDirectory}' is in use by another gateway daemon (lock '{path}' is held)", ex);
        }

        // The pid is for people reading the file; the lock itself is what excludes.
        file.SetLength(0);
        var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        file.Write(pid);
        file.Flush(flushToDisk: true);
        return new DaemonLock(file);
    }

    public void Dispose() => _file.Dispose();
}
