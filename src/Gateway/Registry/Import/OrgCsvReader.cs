namespace Gateway.Registry.Import;

/// <summary>
/// Reads the CSV import format: a header naming the columns (<c>code</c> and <c>name</c> required;
/// <c>parent_code</c>, <c>enabled</c>, <c>aliases</c> optional; any order), then one organisation per
/// record. Aliases are separated by <c>;</c>.
/// </summary>
internal static class OrgCsvReader
{
    private static readonly string[] Columns =
        [OrgImportFields.Code, OrgImportFields.Name, OrgImportFields.ParentCode, OrgImportFields.Enabled, OrgImportFields.Aliases];

    public static IEnumerable<RawOrgRow> Read(string text)
    {
        using var records = CsvRecords.Read(text).GetEnumerator();
        if (!records.MoveNext())
            throw new OrgImportException(1, null, $"the file is empty; the first line must be the header {string.Join(',', Columns)}");

        var header = records.Current;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i];
            if (Array.IndexOf(Columns, name) < 0)
                throw new OrgImportException(header.Line, null, $"unknown column '{name}' in the header; the columns are {string.Join(',', Columns)}");
            if (!index.TryAdd(name, i))
                throw new OrgImportException(header.Line, null, $"column '{name}' appears twice in the header");
        }

        foreach (var required in Columns.AsSpan(0, 2).ToArray())
        {
            if (!index.ContainsKey(required))
                throw new OrgImportException(header.Line, null, $"the header has no '{required}' column; the columns are {string.Join(',', Columns)}");
        }

        while (records.MoveNext())
        {
            var record = records.Current;
            if (record.Fields.Count != header.Fields.Count)
                throw new OrgImportException(record.Line, null, $"has {record.Fields.Count} fields but the header has {header.Fields.Count}");

            string? Field(string name) => index.TryGetValue(name, out var i) ? record.Fields[i] : null;
            var aliases = Field(OrgImportFields.Aliases);
            yield return new RawOrgRow(
                record.Line,
                Field(OrgImportFields.Code),
                Field(OrgImportFields.Name),
                Field(OrgImportFields.ParentCode),
                Field(OrgImportFields.Enabled),
                string.IsNullOrEmpty(aliases) ? [] : aliases.Split(';'));
        }
    }
}
