using System.Text;
using System.Text.Json;
using Gateway.Crypto.Pki;
using Gateway.Store.Blobs;

namespace Gateway.Cli.Client;

/// <summary>
/// The directory `gateway receive --out DIR` writes to: <c>DIR/&lt;documentId&gt;/</c> holds the payload
/// under its file name, <c>header.bin</c> (the header bytes exactly as signed), <c>header.json</c> (the
/// same header for people) and <c>statuses.jsonl</c> (one status delivery per line). Every file is
/// written to a temporary file in DIR, fsynced, renamed into place and its directory fsynced, so what
/// is there after a crash is whole. <c>header.bin</c> is renamed last, after the others are durable:
/// its presence means the document is complete.
/// </summary>
internal sealed class Inbox
{
    public const string HeaderBinName = "header.bin";
    public const string HeaderJsonName = "header.json";
    public const string StatusesName = "statuses.jsonl";
    public const string DefaultPayloadName = "payload";

    private const string TempPrefix = ".gateway-";
    private const string TempSuffix = ".tmp";
    private const int MaxFileNameBytes = 255;

    /// <summary>Temporary files this old are left over from a crash (a live write takes far less).</summary>
    private static readonly TimeSpan StaleTemp = TimeSpan.FromHours(1);

    private Inbox(string root) => Root = root;

    public string Root { get; }

    public static Inbox Open(string path)
    {
        var root = Path.GetFullPath(path);
        if (File.Exists(root))
            throw ClientException.BadInput($"--out: '{path}' is a file, not a directory");
        if (!Directory.Exists(root))
        {
            Directory.CreateDirectory(root);
            DirectoryFlush.Flush(Path.GetDirectoryName(root) ?? root);
        }

        var inbox = new Inbox(root);
        inbox.RemoveStaleTemporaries();
        return inbox;
    }

    public string DirectoryOf(string documentId) => Path.Combine(Root, documentId);

    /// <summary>True when the document was written completely before (a redelivery, e.g. after a crash before the ack).</summary>
    public bool HasDocument(string documentId) => File.Exists(Path.Combine(DirectoryOf(documentId), HeaderBinName));

    /// <summary>Writes a document's files durably and returns the payload's path.</summary>
    public string WriteDocument(string documentId, string payloadName, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> headerBytes, string headerJson)
    {
        var directory = EnsureDirectory(documentId);
        var payloadPath = Path.Combine(directory, payloadName);
        WriteFile(payloadPath, payload);
        return CompleteDocument(directory, payloadPath, headerBytes, headerJson);
    }

    /// <summary>
    /// A new temporary file's path in DIR, for a payload written as it arrives (Fetch). The caller fsyncs
    /// it and hands it to <see cref="WriteFetchedDocument"/>, or deletes it; one left by a crash is
    /// removed by a later run once stale.
    /// </summary>
    public string NewTemporaryPath() => Path.Combine(Root, $"{TempPrefix}{Guid.NewGuid():N}{TempSuffix}");

    /// <summary>
    /// Writes a document whose payload is already complete and fsynced in <paramref name="fetchedPath"/>
    /// (from <see cref="NewTemporaryPath"/>: fetched, or decrypted): renames it into place, then the header files as
    /// <see cref="WriteDocument"/> does. Returns the payload's path.
    /// </summary>
    public string WriteFetchedDocument(string documentId, string payloadName, string fetchedPath, ReadOnlySpan<byte> headerBytes, string headerJson)
    {
        var directory = EnsureDirectory(documentId);
        var payloadPath = Path.Combine(directory, payloadName);
        File.Move(fetchedPath, payloadPath, overwrite: true);
        return CompleteDocument(directory, payloadPath, headerBytes, headerJson);
    }

    private string CompleteDocument(string directory, string payloadPath, ReadOnlySpan<byte> headerBytes, string headerJson)
    {
        WriteFile(Path.Combine(directory, HeaderJsonName), Encoding.UTF8.GetBytes(headerJson + "\n"));
        // The payload and header.json must be durable before header.bin can say the document is complete.
        DirectoryFlush.Flush(directory);
        WriteFile(Path.Combine(directory, HeaderBinName), headerBytes);
        DirectoryFlush.Flush(directory);
        return payloadPath;
    }

    /// <summary>
    /// Appends one status delivery as a JSON line to the document's statuses.jsonl and fsyncs it.
    /// Returns false, writing nothing, when that delivery id is already recorded (a redelivery).
    /// </summary>
    public bool AppendStatus(string documentId, string deliveryId, string jsonLine)
    {
        var directory = EnsureDirectory(documentId);
        var path = Path.Combine(directory, StatusesName);
        var existed = File.Exists(path);
        if (existed && Records(path, deliveryId))
            return false;

        using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            // A crash in the middle of an earlier append can leave a torn last line; start on a fresh one.
            var line = Encoding.UTF8.GetBytes((NeedsNewLine(path) ? "\n" : "") + jsonLine + "\n");
            stream.Write(line);
            stream.Flush(flushToDisk: true);
        }

        if (!existed)
            DirectoryFlush.Flush(directory);
        return true;
    }

    /// <summary>
    /// The name to write a payload under: the header's file name when it is a plain name that clashes
    /// with nothing here, else <see cref="DefaultPayloadName"/>. The gateway checks it has no directory
    /// parts; this does not rely on that.
    /// </summary>
    public static string PayloadName(string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared) || declared != Path.GetFileName(declared) || declared is "." or ".."
            || declared.Contains('\0', StringComparison.Ordinal) || declared.StartsWith(TempPrefix, StringComparison.Ordinal)
            || Encoding.UTF8.GetByteCount(declared) > MaxFileNameBytes)
            return DefaultPayloadName;
        return declared is HeaderBinName or HeaderJsonName or StatusesName ? DefaultPayloadName : declared;
    }

    private string EnsureDirectory(string documentId)
    {
        var directory = DirectoryOf(documentId);
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            DirectoryFlush.Flush(Root);
        }

        return directory;
    }

    /// <summary>Temporary file in DIR, fsync, rename over <paramref name="path"/> (same file system, so atomic).</summary>
    private void WriteFile(string path, ReadOnlySpan<byte> content)
    {
        var temp = NewTemporaryPath();
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static bool Records(string path, string deliveryId)
    {
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty("deliveryId", out var id) && id.ValueEquals(deliveryId))
                    return true;
            }
            catch (JsonException)
            {
                // A torn line from a crash; it holds no complete record.
            }
        }

        return false;
    }

    private static bool NeedsNewLine(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length == 0)
            return false;
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() != '\n';
    }

    private void RemoveStaleTemporaries()
    {
        var cutoff = DateTime.UtcNow - StaleTemp;
        foreach (var temp in Directory.EnumerateFiles(Root, $"{TempPrefix}*{TempSuffix}"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(temp) < cutoff)
                    File.Delete(temp);
            }
            catch (IOException)
            {
                // Another receiver may be using it; a later run removes it.
            }
        }
    }
}
