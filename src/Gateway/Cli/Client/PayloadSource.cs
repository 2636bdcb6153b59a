using Gateway.Crypto.Envelopes;

namespace Gateway.Cli.Client;

/// <summary>
/// Where the bytes `gateway send` sends come from: the file as it is, or (with --encrypt-to) the file
/// encrypted as it is read. Each <see cref="Open"/> reads the file again and, for an encrypted
/// payload, yields the same envelope (one content key per run), so the payload can be hashed in one
/// pass and sent in another without being kept anywhere.
/// </summary>
internal sealed class PayloadSource(string path, long fileSize, EnvelopeEncryptor? encryptor)
{
    private const int FileBuffer = 1 << 20;

    /// <summary>The file the payload is read from.</summary>
    public string Path { get; } = path;

    /// <summary>The payload's size: the file's, or the envelope's.</summary>
    public long Size => encryptor?.Length ?? fileSize;

    /// <summary>True when the payload is the file's CMS envelope.</summary>
    public bool Encrypted => encryptor is not null;

    /// <summary>The payload from its first byte; dispose it (the file is closed with it).</summary>
    public Stream Open()
    {
        var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBuffer, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return encryptor is null ? file : encryptor.Encrypt(file, leaveOpen: false);
    }

    /// <summary>The whole payload in memory, for one sent inline.</summary>
    public async Task<byte[]> ReadAllAsync(CancellationToken cancellationToken)
    {
        var bytes = new byte[Size];
        await using var stream = Open();
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        // One more read meets the end: for a plain file a byte here means it grew; an envelope checks its own length.
        if (await stream.ReadAsync(new byte[1], cancellationToken) != 0)
            throw new IOException($"'{Path}' grew while it was read");
        return bytes;
    }

    /// <summary>Throws when the file is no longer the size it had when the payload was described.</summary>
    public void CheckUnchanged()
    {
        var now = new FileInfo(Path).Length;
        if (now != fileSize)
            throw new IOException($"'{Path}' changed size while it was read ({fileSize} bytes, now {now})");
    }
}
