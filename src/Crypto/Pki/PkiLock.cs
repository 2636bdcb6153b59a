namespace Gateway.Crypto.Pki;

/// <summary>
/// Exclusive use of a PKI directory while a command reads, changes and rewrites index.json, so two
/// commands run at once never lose each other's certificate or revocation. It is an advisory lock on
/// <see cref="PkiLayout.LockFile"/> (flock on Linux), released when the process ends however it ends.
/// </summary>
internal sealed class PkiLock : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FileStream _file;

    private PkiLock(FileStream file) => _file = file;

    public static PkiLock Acquire(string directory)
    {
        var path = Path.Combine(directory, PkiLayout.LockFile);
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return new PkiLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline && File.Exists(path))
            {
                // Another command holds it; they finish in well under a second.
                Thread.Sleep(50);
            }
            catch (IOException ex) when (File.Exists(path))
            {
                throw new PkiException(PkiFailure.Refused,
                    $"another command has been changing the PKI in '{directory}' for {Patience.TotalSeconds:0} s ({ex.Message})");
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
