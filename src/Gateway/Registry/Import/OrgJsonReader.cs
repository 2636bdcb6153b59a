using System.Text.Json;

namespace Gateway.Registry.Import;

/// <summary>
/// Reads the JSON import format: an array of objects with <c>code</c> and <c>name</c> (strings,
/// required), <c>parentCode</c> (string or null), <c>enabled</c> (true or false) and <c>aliases</c>
/// (array of strings). Strict JSON: no comments, no trailing commas, no unknown or repeated fields.
/// </summary>
internal static class OrgJsonReader
{
    private const string ParentCode = "parentCode";
    private const string Expected = "code, name, parentCode, enabled, aliases";

    public static List<RawOrgRow> Read(ReadOnlySpan<byte> utf8)
    {
        var lines = new LineCounter();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var rows = new List<RawOrgRow>();
        try
        {
            if (!reader.Read())
                throw new OrgImportException(1, null, "the file is empty; expected a JSON array of organisations");
            if (reader.TokenType != JsonTokenType.StartArray)
                throw new OrgImportException(lines.At(utf8, reader.TokenStartIndex), null, "expected a JSON array of organisations ([ { \"code\": ..., \"name\": ... }, ... ])");

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                rows.Add(ReadObject(ref reader, utf8, lines));

            if (reader.Read())
                throw new OrgImportException(lines.At(utf8, reader.TokenStartIndex), null, "unexpected content after the array");
        }
        catch (JsonException ex)
        {
            // Utf8JsonReader appends its position; the line number is what matters here.
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            throw new OrgImportException((int)(ex.LineNumber ?? 0) + 1, null, $"not valid JSON: {(cut > 0 ? message[..cut] : message)}");
        }

        return rows;
    }

    private static RawOrgRow ReadObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, LineCounter lines)
    {
        var line = lines.At(utf8, reader.TokenStartIndex);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new OrgImportException(line, null, $"expected an organisation object {{ \"code\": ..., \"name\": ... }}, found {Describe(reader.TokenType)}");

        string? code = null, name = null, parent = null, enabled = null;
        List<string> aliases = [];
        var fieldLines = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString()!;
            var propertyLine = lines.At(utf8, reader.TokenStartIndex);
            var field = property == ParentCode ? OrgImportFields.ParentCode : property;
            if (!fieldLines.TryAdd(field, propertyLine))
                throw new OrgImportException(propertyLine, property, "appears twice in the object");
            reader.Read();
            switch (property)
            {
                case OrgImportFields.Code:
                    code = RequireString(ref reader, property, propertyLine);
                    break;
                case OrgImportFields.Name:
                    name = RequireString(ref reader, property, propertyLine);
                    break;
                case ParentCode:
                    parent = reader.TokenType == JsonTokenType.Null ? null : RequireString(ref reader, property, propertyLine);
                    break;
                case OrgImportFields.Enabled:
                    enabled = reader.TokenType switch
                    {
                        JsonTokenType.True => "true",
                        JsonTokenType.False => "false",
                        JsonTokenType.Null => null,
                        _ => throw new OrgImportException(propertyLine, property, $"expected true or false, found {Describe(reader.TokenType)}"),
                    };
                    break;
                case OrgImportFields.Aliases:
                    if (reader.TokenType == JsonTokenType.Null)
                        break;
                    if (reader.TokenType != JsonTokenType.StartArray)
                        throw new OrgImportException(propertyLine, property, $"expected an array of codes, found {Describe(reader.TokenType)}");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        aliases.Add(RequireString(ref reader, property, lines.At(utf8, reader.TokenStartIndex)));
                    break;
                case "successions":
                    throw new OrgImportException(propertyLine, property, "is not imported; record successions with: gateway orgs succeed OLD --by NEW --at TIME");
                default:
                    throw new OrgImportException(propertyLine, null, $"unknown field '{property}'; the fields are {Expected}");
            }
        }

        return new RawOrgRow(line, code, name, parent, enabled, aliases, fieldLines);
    }

    private static string RequireString(ref Utf8JsonReader reader, string property, int line) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new OrgImportException(line, property, $"expected a string, found {Describe(reader.TokenType)}");

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    /// <summary>Line numbers of byte offsets, counted forward from the last offset asked for.</summary>
    private sealed class LineCounter
    {
        private long _offset;
        private int _line = 1;

        public int At(ReadOnlySpan<byte> utf8, long offset)
        {
            if (offset < _offset)
            {
                _offset = 0;
                _line = 1;
            }

            _line += utf8[(int)_offset..(int)offset].Count((byte)'\n');
            _offset = offset;
            return _line;
        }
    }
}
