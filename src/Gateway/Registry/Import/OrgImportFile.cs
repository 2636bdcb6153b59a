using System.Text;
using Gateway.Protocol.Organizations;

namespace Gateway.Registry.Import;

/// <summary>
/// Reads and validates a whole import file (CSV or JSON, UTF-8 with or without a BOM) before anything
/// is written: the first problem stops it with an <see cref="OrgImportException"/> naming the line.
/// </summary>
internal static class OrgImportFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The validated organisations of the file, in file order, and its format.</summary>
    public sealed record Content(OrgImportFormat Format, IReadOnlyList<OrgImportRow> Rows)
    {
        /// <summary>The line an organisation's record starts on, for errors the registry reports by code.</summary>
        public int LineOf(string code)
        {
            foreach (var row in Rows)
            {
                if (row.Organization.Code == code)
                    return row.Line;
            }

            return 0;
        }
    }

    /// <summary>
    /// The format by extension (<c>.csv</c>, <c>.json</c>); for any other name, JSON when the first
    /// character that is not white space is <c>[</c>, else CSV.
    /// </summary>
    public static OrgImportFormat DetectFormat(string path, ReadOnlySpan<byte> bytes)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
            return OrgImportFormat.Json;
        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
            return OrgImportFormat.Csv;
        var text = StripBom(bytes).TrimStart(" \t\r\n"u8);
        return text.Length > 0 && text[0] == (byte)'[' ? OrgImportFormat.Json : OrgImportFormat.Csv;
    }

    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    /// <exception cref="OrgImportException">The content is refused.</exception>
    public static Content Read(string path, OrgCodeForms forms)
    {
        var bytes = File.ReadAllBytes(path);
        return Parse(bytes, DetectFormat(path, bytes), forms);
    }

    public static Content Parse(ReadOnlySpan<byte> bytes, OrgImportFormat format, OrgCodeForms forms)
    {
        var body = StripBom(bytes);
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException ex)
        {
            var at = Math.Clamp(ex.Index, 0, body.Length);
            var line = body[..at].Count((byte)'\n') + 1;
            throw new OrgImportException(line, null, $"is not valid UTF-8 (byte offset {at + bytes.Length - body.Length}); save the file as UTF-8");
        }

        var validator = new OrgRowValidator(format, forms);
        var rows = format == OrgImportFormat.Json ? OrgJsonReader.Read(body) : OrgCsvReader.Read(text);
        foreach (var row in rows)
            validator.Add(row);
        return new Content(format, validator.Rows);
    }

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> StripBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(Bom) ? bytes[Bom.Length..] : bytes;
}
