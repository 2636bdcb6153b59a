using System.Security.Cryptography.X509Certificates;

namespace Gateway.Cli.Client;

/// <summary>
/// Writes a received document whose payload is encrypted: decrypts it into a temporary file of the
/// <see cref="Inbox"/> (<see cref="PayloadDecryption"/>), then moves that into place with the header
/// files, as a fetched payload is. An envelope that does not decrypt leaves nothing behind, and the
/// reason comes back for the nack.
/// </summary>
internal sealed class EncryptedDocumentWriter(Inbox inbox, IReadOnlyList<X509Certificate2> keys)
{
    /// <summary>The decrypted payload's path and size and the certificate that opened it, or why nothing was written.</summary>
    public sealed record Result(string? Path, long Size, string? DecryptedWith, string? Failure);

    public Result Write(string documentId, string payloadName, Stream envelope, ReadOnlySpan<byte> headerBytes, string headerJson)
    {
        PayloadDecryption.Outcome decrypted;
        try
        {
            decrypted = PayloadDecryption.Decrypt(envelope, keys, inbox.NewTemporaryPath());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed($"cannot decrypt the payload into {inbox.Root} ({ex.Message.TrimEnd('.')})");
        }

        if (decrypted.Path is null)
            return Failed(decrypted.Failure ?? "the payload could not be decrypted");
        try
        {
            var path = inbox.WriteFetchedDocument(documentId, payloadName, decrypted.Path, headerBytes, headerJson);
            var certificate = decrypted.Certificate!;
            return new Result(path, decrypted.Size, $"CN={certificate.GetNameInfo(X509NameType.SimpleName, false)} (serial {certificate.SerialNumber})", null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(decrypted.Path);
            return Failed($"cannot write to {inbox.DirectoryOf(documentId)} ({ex.Message.TrimEnd('.')})");
        }
    }

    private static Result Failed(string reason) => new(null, 0, null, reason);
}
