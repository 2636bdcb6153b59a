using Gateway.Protocol.Organizations;

namespace Gateway.Registry.Import;

/// <summary>
/// Turns the records of one file into organisations, checking every field and the rules that hold
/// across the file: each code once, each alias once, no alias equal to a code. Errors name the line
/// (both lines for a clash) and the field as the file's format spells it.
/// </summary>
internal sealed class OrgRowValidator(OrgImportFormat format, OrgCodeForms forms)
{
    private readonly Dictionary<string, int> _codeLines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Line, string Code)> _aliasLines = new(StringComparer.Ordinal);
    private readonly List<OrgImportRow> _rows = [];

    public IReadOnlyList<OrgImportRow> Rows => _rows;

    public void Add(RawOrgRow raw)
    {
        var code = RequireCode(raw, OrgImportFields.Code, raw.Code);
        if (_codeLines.TryGetValue(code, out var first))
            throw Error(raw, OrgImportFields.Code, $"'{code}' is listed twice (lines {first} and {raw.LineOf(OrgImportFields.Code)})");
        if (_aliasLines.TryGetValue(code, out var alias))
            throw Error(raw, OrgImportFields.Code, $"'{code}' is already an alias of {alias.Code} (line {alias.Line}); an organisation's code cannot be another's alias");

        var name = raw.Name;
        if (string.IsNullOrEmpty(name))
            throw Error(raw, OrgImportFields.Name, raw.Name is null ? "is missing" : "is empty");
        foreach (var c in name)
        {
            if (char.IsControl(c))
                throw Error(raw, OrgImportFields.Name, $"contains the control character U+{(int)c:X4}; names are one line of text");
        }

        string? parent = null;
        if (!string.IsNullOrEmpty(raw.ParentCode))
        {
            parent = RequireCode(raw, OrgImportFields.ParentCode, raw.ParentCode);
            if (parent == code)
                throw Error(raw, OrgImportFields.ParentCode, $"'{parent}' is the organisation's own code");
        }

        var enabled = ParseEnabled(raw);
        var aliases = new List<string>(raw.Aliases.Count);
        foreach (var value in raw.Aliases)
        {
            if (value.Length == 0)
                throw Error(raw, OrgImportFields.Aliases, "has an empty alias; separate aliases with a single ';'");
            var aliasCode = RequireCode(raw, OrgImportFields.Aliases, value);
            if (aliasCode == code)
                throw Error(raw, OrgImportFields.Aliases, $"'{aliasCode}' is the organisation's own code");
            if (_codeLines.TryGetValue(aliasCode, out var codeLine))
                throw Error(raw, OrgImportFields.Aliases, $"'{aliasCode}' is the code of the organisation on line {codeLine}; an alias cannot be another organisation's code");
            if (aliases.Contains(aliasCode))
                throw Error(raw, OrgImportFields.Aliases, $"'{aliasCode}' is listed twice");
            if (_aliasLines.TryGetValue(aliasCode, out var other))
                throw Error(raw, OrgImportFields.Aliases, $"'{aliasCode}' is also an alias of {other.Code} (line {other.Line})");
            aliases.Add(aliasCode);
        }

        _codeLines[code] = raw.LineOf(OrgImportFields.Code);
        foreach (var value in aliases)
            _aliasLines[value] = (raw.LineOf(OrgImportFields.Aliases), code);
        _rows.Add(new OrgImportRow(raw.Line, new Organization(code, name, parent, enabled, aliases)));
    }

    private string RequireCode(RawOrgRow raw, string field, string? value)
    {
        if (value is null)
            throw Error(raw, field, "is missing");
        if (!OrgCode.TryParse(value, forms, out var code, out var error))
        {
            var hint = forms == OrgCodeForms.Strict && OrgCode.TryParse(value, OrgCodeForms.Tolerant, out _, out _)
                ? " (it is a tolerant form: import with --tolerant to accept it)"
                : "";
            throw Error(raw, field, error + hint);
        }

        return code.ToString();
    }

    private static bool ParseEnabled(RawOrgRow raw)
    {
        var text = raw.Enabled;
        if (string.IsNullOrEmpty(text) || text == "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase))
            return true;
        if (text == "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase))
            return false;
        throw new OrgImportException(raw.LineOf(OrgImportFields.Enabled), OrgImportFields.Enabled, $"'{text}' is not one of: true, false, 1, 0");
    }

    private OrgImportException Error(RawOrgRow raw, string field, string detail) =>
        new(raw.LineOf(field), OrgImportFields.Spell(format, field), detail);
}
