namespace Gateway.Registry.Import;

/// <summary>
/// An import file was refused; nothing was written. <see cref="Format"/> gives the one line for the
/// operator: <c>orgs.csv:7: field 'code': '000.00.0.G22' is not an organisation code: ...</c>.
/// </summary>
internal sealed class OrgImportException(int line, string? field, string detail)
    : Exception(field is null ? $"line {line}: {detail}" : $"line {line}: field '{field}': {detail}")
{
    /// <summary>1-based line of the file; 0 when the problem is the file as a whole.</summary>
    public int Line { get; } = line;

    public string? Field { get; } = field;

    public string Detail { get; } = detail;

    public string Format(string file)
    {
        var where = Line > 0 ? $"{file}:{Line}" : file;
        return Field is null ? $"{where}: {Detail}" : $"{where}: field '{Field}': {Detail}";
    }
}
