using System.Text;

namespace Gateway.Registry.Import;

/// <summary>
/// Splits RFC 4180 text into records: fields separated by commas; a field in double quotes may hold
/// commas, line breaks and doubled quotes (<c>""</c>); records end at CRLF or LF. Blank lines are
/// skipped. Nothing is trimmed or normalised: a field is exactly the characters between the separators.
/// </summary>
internal static class CsvRecords
{
    /// <summary>A record and the 1-based line it starts on.</summary>
    public readonly record struct Record(int Line, IReadOnlyList<string> Fields);

    /// <exception cref="OrgImportException">A quote is misplaced or never closed.</exception>
    public static IEnumerable<Record> Read(string text)
    {
        var position = 0;
        var line = 1;
        while (position < text.Length)
        {
            if (text[position] is '\n' or '\r')
            {
                // A blank line.
                position += text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? 2 : 1;
                line++;
                continue;
            }

            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            while (true)
            {
                if (position < text.Length && text[position] == '"')
                {
                    var opened = line;
                    position++;
                    while (true)
                    {
                        if (position >= text.Length)
                            throw new OrgImportException(opened, null, "a quoted field is never closed (a '\"' is missing)");
                        var c = text[position++];
                        if (c == '"')
                        {
                            if (position < text.Length && text[position] == '"')
                            {
                                field.Append('"');
                                position++;
                                continue;
                            }

                            break;
                        }

                        if (c == '\n')
                            line++;
                        field.Append(c);
                    }

                    if (position < text.Length && text[position] is not (',' or '\r' or '\n'))
                        throw new OrgImportException(line, null, $"unexpected '{text[position]}' after a closing quote; a quoted field must end at ',' or the end of the line");
                }
                else
                {
                    while (position < text.Length && text[position] is not (',' or '\r' or '\n'))
                    {
                        if (text[position] == '"')
                            throw new OrgImportException(line, null, "a '\"' inside an unquoted field; quote the whole field and double the quote (\"\")");
                        field.Append(text[position++]);
                    }
                }

                fields.Add(field.ToString());
                field.Clear();
                if (position < text.Length && text[position] == ',')
                {
                    position++;
                    continue;
                }

                break;
            }

            // At the end of the record: a line break or the end of the text.
            if (position < text.Length)
            {
                if (text[position] == '\r')
                {
                    position++;
                    if (position < text.Length && text[position] == '\n')
                        position++;
                }
                else
                {
                    position++;
                }

                line++;
            }

            yield return new Record(start, fields);
        }
    }
}
