using System.Security.Cryptography;
using Gateway.Configuration;
using Gateway.Crypto.Pki;

namespace Gateway.Store.Blobs;

/// <summary>
/// Payloads as content-addressed files: blobs/ab/abcdef… named by the SHA-256 of their bytes. A blob is
/// written to a temporary file, fsynced, renamed into place and its directory fsynced, all before any
/// row that names it commits; so a committed document always has its payload. Identical payloads are
/// stored once.
/// </summary>
internal sealed class BlobStore
{
    public const string DirectoryName = "blobs";
    private const string TempDirectoryName = "tmp";

    private readonly string _root;
    private readonly string _temp;

    public BlobStore(StoreOptions options)
    {
        _root = Path.Combine(options.DataDirectory, DirectoryName);
        _temp = Path.Combine(_root, TempDirectoryName);
    }

    public string PathOf(ReadOnlySpan<byte> sha256)
    {
        var hex = Convert.ToHexStringLower(sha256);
        return Path.Combine(_root, hex[..2], hex);
    }

    public bool Exists(ReadOnlySpan<byte> sha256) => File.Exists(PathOf(sha256));

    /// <summary>
    /// Stores <paramref name="content"/> durably under its SHA-256 and returns that digest. Throws
    /// <see cref="IOException"/> (disk full, permissions) with nothing left behind.
    /// </summary>
    public async Task<byte[]> WriteAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var sha256 = SHA256.HashData(content.Span);
        await WriteAsync(content, sha256, cancellationToken);
        return sha256;
    }

    /// <summary>
    /// As <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/> for a caller that has just
    /// computed <paramref name="sha256"/> over exactly <paramref name="content"/> (to compare it with a
    /// header), so the bytes are hashed once.
    /// </summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> content, byte[] sha256, CancellationToken cancellationToken)
    {
        var final = PathOf(sha256);
        if (File.Exists(final))
            return; // Already durable: it was fsynced when first written.

        Directory.CreateDirectory(_temp);
        var temp = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await file.WriteAsync(content, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            Publish(temp, final);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Starts a blob whose bytes arrive in pieces (Upload): they go to a temporary file and are hashed as
    /// they come, so a payload of any size is never held in memory. <see cref="BlobWriter.Commit"/>
    /// checks size and SHA-256 and moves it to its content address; disposing without a commit removes it.
    /// </summary>
    public BlobWriter OpenWriter()
    {
        Directory.CreateDirectory(_temp);
        return new BlobWriter(this, Path.Combine(_temp, Guid.NewGuid().ToString("N")));
    }

    /// <summary>Opens a stored blob for reading, or returns <see langword="null"/> when no such blob exists.</summary>
    public FileStream? TryOpenRead(ReadOnlySpan<byte> sha256)
    {
        try
        {
            return new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Puts a fully written, fsynced temporary file at the content address of <paramref name="sha256"/>;
    /// when that blob is already there (it was fsynced when first written) the temporary file is removed.
    /// </summary>
    internal void Place(string temp, ReadOnlySpan<byte> sha256)
    {
        var final = PathOf(sha256);
        if (File.Exists(final))
        {
            TryDelete(temp);
            return;
        }

        Publish(temp, final);
    }

    /// <summary>Removes a temporary file that will not be committed; false when it could not be removed.</summary>
    internal static bool Discard(string temp) => TryDelete(temp);

    /// <summary>Moves a fully written, fsynced temporary file to its content address.</summary>
    private static void Publish(string temp, string final)
    {
        var directory = Path.GetDirectoryName(final)!;
        Directory.CreateDirectory(directory);
        // Same bytes under the same name: if another writer got there first, either copy is right.
        File.Move(temp, final, overwrite: true);
        // The rename survives a crash only once its directory is fsynced.
        DirectoryFlush.Flush(directory);
    }

    /// <summary>
    /// Removes what a crash can leave: temporary files, and blobs no document names (written before a
    /// commit that never happened). Run at start, before anything is accepted.
    /// </summary>
    public int RemoveOrphans(Func<byte[], bool> isReferenced)
    {
        var removed = 0;
        if (Directory.Exists(_temp))
        {
            foreach (var file in Directory.EnumerateFiles(_temp))
                removed += TryDelete(file) ? 1 : 0;
        }

        if (!Directory.Exists(_root))
            return removed;
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            if (Path.GetFileName(directory) == TempDirectoryName)
                continue;
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                var name = Path.GetFileName(file);
                if (name.Length != 64 || !IsHex(name))
                    continue; // Not ours: leave it for a person to look at.
                if (!isReferenced(Convert.FromHexString(name)))
                    removed += TryDelete(file) ? 1 : 0;
            }
        }

        return removed;
    }

    private static bool IsHex(string text) => text.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
