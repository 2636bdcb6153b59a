using System.Security.Cryptography;

namespace Gateway.Store.Blobs;

/// <summary>
/// A blob being received in pieces, from <see cref="BlobStore.OpenWriter"/>. Bytes go straight to a
/// temporary file and into an incremental SHA-256, so memory stays flat whatever the size.
/// <see cref="Commit"/> makes the blob durable at its content address; <see cref="Dispose"/> without a
/// successful commit (a refusal, an error, a cancelled call) deletes the temporary file.
/// Not thread-safe: one writer per upload.
/// </summary>
internal sealed class BlobWriter : IDisposable
{
    // Chunks arrive as whole gRPC messages (usually tens of KiB or more); a modest buffer only saves
    // system calls for small ones. Larger writes bypass it.
    private const int FileBufferBytes = 64 * 1024;

    private readonly BlobStore _store;
    private readonly string _temp;
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _committed;
    private bool _disposed;

    internal BlobWriter(BlobStore store, string temp)
    {
        _store = store;
        _temp = temp;
        _file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileBufferBytes, FileOptions.Asynchronous);
    }

    /// <summary>Bytes written so far.</summary>
    public long Length { get; private set; }

    /// <summary>Appends <paramref name="bytes"/> to the blob. Throws <see cref="IOException"/> on a full disk.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
            throw new InvalidOperationException("the blob was already committed");
        _hash.AppendData(bytes.Span);
        await _file.WriteAsync(bytes, cancellationToken);
        Length += bytes.Length;
    }

    /// <summary>
    /// Checks that exactly <paramref name="expectedSize"/> bytes hashing to <paramref name="expectedSha256"/>
    /// were written, then fsyncs the file, renames it to its content address and fsyncs that directory.
    /// Returns only once the blob is durable. On a mismatch throws <see cref="BlobMismatchException"/>
    /// and nothing is stored; on a disk error throws <see cref="IOException"/>.
    /// </summary>
    public void Commit(ReadOnlySpan<byte> expectedSha256, long expectedSize)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
            throw new InvalidOperationException("the blob was already committed");

        var actual = _hash.GetHashAndReset();
        if (Length != expectedSize || !actual.AsSpan().SequenceEqual(expectedSha256))
            throw new BlobMismatchException(expectedSha256.ToArray(), expectedSize, actual, Length);

        _file.Flush(flushToDisk: true);
        _file.Dispose();
        _store.Place(_temp, actual);
        _committed = true;
    }

    /// <summary>Closes the file; without a commit, deletes it.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _hash.Dispose();
        try
        {
            _file.Dispose(); // May flush buffered bytes, and fail on a full disk: the file goes anyway.
        }
        catch (IOException)
        {
        }
        finally
        {
            if (!_committed)
                BlobStore.Discard(_temp);
        }
    }
}
