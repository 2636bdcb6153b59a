namespace Gateway.Registry.Import;

/// <summary>One organisation read from an import file, and the line it starts on.</summary>
internal readonly record struct OrgImportRow(int Line, Organization Organization);

/// <summary>
/// The fields of one record as written, before validation. <paramref name="FieldLines"/> gives the line
/// of a field when it differs from <paramref name="Line"/> (JSON puts each on its own line).
/// </summary>
internal sealed record RawOrgRow(
    int Line,
    string? Code,
    string? Name,
    string? ParentCode,
    string? Enabled,
    IReadOnlyList<string> Aliases,
    IReadOnlyDictionary<string, int>? FieldLines = null)
{
    public int LineOf(string field) => FieldLines is not null && FieldLines.TryGetValue(field, out var line) ? line : Line;
}
