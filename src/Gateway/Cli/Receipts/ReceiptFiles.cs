using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gateway.Protocol.V1;
using Google.Protobuf;

namespace Gateway.Cli.Receipts;

/// <summary>
/// Reads what `gateway verify-receipt` is given: a receipt as protobuf JSON (what `gateway send --json`
/// prints) or protobuf binary, and PEM or DER certificates. Each problem is a
/// <see cref="ReceiptFileException"/> naming the argument, the file and why.
/// </summary>
internal static class ReceiptFiles
{
    private static readonly JsonParser Json = new(JsonParser.Settings.Default);

    public static Receipt ReadReceipt(string path)
    {
        var bytes = ReadAll(path, "RECEIPT");
        if (bytes.Length == 0)
            throw new ReceiptFileException($"RECEIPT: '{path}' is empty");

        if (LooksLikeJson(bytes))
        {
            try
            {
                return Json.Parse<Receipt>(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
            }
            // InvalidJsonException is an IOException: the file was read, its content is wrong.
            catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException or DecoderFallbackException)
            {
                throw new ReceiptFileException($"RECEIPT: '{path}' is not an axis.v1.Receipt in protobuf JSON: {ex.Message.TrimEnd('.')}");
            }
        }

        try
        {
            return Receipt.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ReceiptFileException($"RECEIPT: '{path}' is neither protobuf JSON nor a binary axis.v1.Receipt: {ex.Message.TrimEnd('.')}");
        }
    }

    /// <summary>Every certificate in a PEM file (in order), or the one certificate of a DER file.</summary>
    public static X509Certificate2Collection ReadCertificates(string path, string option)
    {
        var bytes = ReadAll(path, option);
        var certificates = new X509Certificate2Collection();
        try
        {
            if (bytes.AsSpan().IndexOf("-----BEGIN CERTIFICATE-----"u8) >= 0)
                certificates.ImportFromPem(Encoding.ASCII.GetString(bytes));
            else
                certificates.Add(X509CertificateLoader.LoadCertificate(bytes));
        }
        catch (CryptographicException ex)
        {
            throw new ReceiptFileException($"{option}: '{path}' holds no readable PEM or DER certificate: {ex.Message.TrimEnd('.')}");
        }

        return certificates.Count > 0
            ? certificates
            : throw new ReceiptFileException($"{option}: '{path}' holds no certificate");
    }

    private static byte[] ReadAll(string path, string argument)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ReceiptFileException($"{argument}: no file '{path}'");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReceiptFileException($"{argument}: cannot read '{path}': {ex.Message.TrimEnd('.')}");
        }
    }

    /// <summary>JSON starts with '{' after an optional byte order mark and white space; a binary receipt never does.</summary>
    private static bool LooksLikeJson(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8))
            bytes = bytes[3..];
        var start = bytes.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && bytes[start] == (byte)'{';
    }
}

/// <summary>A file given to `verify-receipt` cannot be used: a command-line problem (exit code 2).</summary>
internal sealed class ReceiptFileException(string message) : Exception(message);
