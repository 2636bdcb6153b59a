namespace Gateway.Bench.Report.Markdown;

/// <summary>
/// Replaces the generated part of a hand-written Markdown document: everything from the begin marker
/// line to the end marker line. The rest of the document is kept byte for byte. Without markers the
/// section goes in before the first second-level heading (after the introduction).
/// </summary>
internal static class DocSection
{
    public const string BeginMarker = "<!-- bench:begin";
    public const string EndMarker = "<!-- bench:end";

    public static string Splice(string document, string section)
    {
        var lines = document.ReplaceLineEndings("\n").Split('\n').ToList();
        var begins = Indexes(lines, BeginMarker);
        var ends = Indexes(lines, EndMarker);
        var block = section.TrimEnd('\n').Split('\n');
        if (begins.Count == 0 && ends.Count == 0)
        {
            var at = lines.FindIndex(l => l.StartsWith("## ", StringComparison.Ordinal));
            if (at < 0)
            {
                while (lines.Count > 0 && lines[^1].Length == 0)
                    lines.RemoveAt(lines.Count - 1);
                lines.Add("");
                lines.AddRange(block);
                lines.Add("");
            }
            else
            {
                lines.InsertRange(at, [.. block, ""]);
            }

            return string.Join('\n', lines);
        }

        if (begins.Count != 1 || ends.Count != 1 || ends[0] < begins[0])
            throw new InvalidDataException(
                $"expected one '{BeginMarker} …' line followed by one '{EndMarker} …' line, found {begins.Count} begin and {ends.Count} end line(s)"
                + (begins.Count == 1 && ends.Count == 1 ? ", the end first" : "") + ": fix the markers by hand");
        lines.RemoveRange(begins[0], ends[0] - begins[0] + 1);
        lines.InsertRange(begins[0], block);
        return string.Join('\n', lines);
    }

    private static List<int> Indexes(List<string> lines, string marker) =>
        [.. lines.Select((line, index) => (line, index))
            .Where(x => x.line.TrimStart().StartsWith(marker, StringComparison.Ordinal))
            .Select(x => x.index)];
}
