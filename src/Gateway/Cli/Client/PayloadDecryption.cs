using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Envelopes;

namespace Gateway.Cli.Client;

/// <summary>
/// Decrypts an encrypted payload for `gateway receive` into a temporary file of the <see cref="Inbox"/>,
/// fsynced, and hands it back only when decryption succeeded to the end; otherwise the file is deleted
/// and the reason returned, so the delivery is nacked with nothing written. The envelope's SHA-256 has
/// been checked against the signed header before this runs: that check, not the envelope, is what
/// proves the bytes are the ones the sender sent.
/// </summary>
internal static class PayloadDecryption
{
    /// <summary>What came of one decryption: the fsynced plaintext file and the certificate that opened it, or why there is none.</summary>
    public sealed record Outcome(string? Path, long Size, X509Certificate2? Certificate, string? Failure);

    public static Outcome Decrypt(Stream envelope, IReadOnlyList<X509Certificate2> keys, string tempPath)
    {
        if (keys.Count == 0)
        {
            return new Outcome(null, 0, null,
                "the payload is encrypted (CMS EnvelopedData) and receive was given no --cert/--key to decrypt it; nothing written");
        }

        var kept = false;
        try
        {
            X509Certificate2 used;
            long size;
            using (var plaintext = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                used = PayloadEnvelope.Decrypt(envelope, plaintext, keys);
                plaintext.Flush(flushToDisk: true);
                size = plaintext.Length;
            }

            kept = true;
            return new Outcome(tempPath, size, used, null);
        }
        catch (EnvelopeException ex)
        {
            return new Outcome(null, 0, null, $"cannot decrypt the payload: {ex.Message}; nothing written");
        }
        finally
        {
            if (!kept)
                File.Delete(tempPath);
        }
    }
}
