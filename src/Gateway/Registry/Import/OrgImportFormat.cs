namespace Gateway.Registry.Import;

/// <summary>The two import file formats; see docs/registry.md.</summary>
internal enum OrgImportFormat
{
    /// <summary>RFC 4180 CSV with the header <c>code,name,parent_code,enabled,aliases</c>.</summary>
    Csv,

    /// <summary>A JSON array of <c>{ "code", "name", "parentCode", "enabled", "aliases" }</c>.</summary>
    Json,
}

/// <summary>Field names as each format spells them; the registry reports the CSV spelling.</summary>
internal static class OrgImportFields
{
    public const string Code = "code";
    public const string Name = "name";
    public const string ParentCode = "parent_code";
    public const string Enabled = "enabled";
    public const string Aliases = "aliases";

    public static string Spell(OrgImportFormat format, string field) =>
        format == OrgImportFormat.Json && field == ParentCode ? "parentCode" : field;
}
