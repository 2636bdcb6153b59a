using System.Buffers.Text;
using System.Text;
using Gateway.Protocol.Organizations;
using Microsoft.Data.Sqlite;

namespace Gateway.Registry;

internal sealed partial class OrgRegistry
{
    /// <summary>The largest page <see cref="List"/> returns.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The organisation with exactly this code (not an alias), with its aliases and successions; null when there is none.</summary>
    public Organization? Get(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = RegistrySql.Command(connection, transaction,
            "SELECT code, name, parent_code, enabled FROM organizations WHERE code = $code");
        command.Parameters.AddWithValue("$code", code);
        var page = ReadOrganizations(command);
        if (page.Count == 0)
            return null;
        return AttachDetails(connection, transaction, page)[0];
    }

    /// <summary>
    /// One page of organisations in SQL text order of their codes (ordinal, which for standard codes is
    /// not the hierarchy: <c>CCC</c> comes first; the CLI re-sorts what it prints by
    /// <see cref="OrgCode"/> order). <paramref name="under"/>, a standard code, keeps that unit and
    /// every unit below it in the code hierarchy. Pass the previous page's
    /// <see cref="OrgPage.NextPageToken"/> to continue; pages stay correct while the registry changes
    /// (keyset pagination on the code).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is not 1..<see cref="MaxPageSize"/>.</exception>
    /// <exception cref="OrgRegistryException"><paramref name="under"/> is not a standard code, or the token is not one this method returned.</exception>
    public OrgPage List(string? under, int pageSize, string? pageToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var pattern = under is null ? null : SubtreePattern(under);
        var after = pageToken is null ? null : DecodeToken(pageToken);

        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = RegistrySql.Command(connection, transaction, """
            SELECT code, name, parent_code, enabled FROM organizations
            WHERE ($after IS NULL OR code > $after) AND ($pattern IS NULL OR code GLOB $pattern)
            ORDER BY code LIMIT $limit
            """);
        command.Parameters.AddWithValue("$after", (object?)after ?? DBNull.Value);
        command.Parameters.AddWithValue("$pattern", (object?)pattern ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", pageSize + 1);
        var rows = ReadOrganizations(command);
        string? next = null;
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            next = EncodeToken(rows[^1].Code);
        }

        return new OrgPage(rows.Count == 0 ? [] : AttachDetails(connection, transaction, rows), next);
    }

    /// <summary>
    /// A GLOB matching exactly <paramref name="under"/> and its descendants: the segments down to its
    /// level fixed, the deeper ones any digits. Only standard codes have a hierarchy.
    /// </summary>
    private static string SubtreePattern(string under)
    {
        if (!OrgCode.TryParse(under, OrgCodeForms.Tolerant, out var root, out var error))
            throw new OrgRegistryException(null, "under", error);
        if (root.Kind != OrgCodeKind.Standard)
            throw new OrgRegistryException(null, "under", $"'{under}' is not a standard code (CCC.BB.AA.Xnn such as 000.00.24.H44); only standard codes have units below them");

        // CCC.BB.AA.Xnn: positions 0-2 are level 4, 4-5 level 3, 7-8 level 2, 10-12 the unit (level 1).
        var pattern = new StringBuilder(under.Length * 3);
        for (var i = 0; i < under.Length; i++)
        {
            var level = i < 3 ? 4 : i < 6 ? 3 : i < 9 ? 2 : 1;
            if (under[i] != '.' && level > root.Level)
                pattern.Append("[0-9]");
            else
                pattern.Append(under[i]);
        }

        return pattern.ToString();
    }

    private static string EncodeToken(string code) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(code));

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new OrgRegistryException(null, "page_token", $"'{token}' is not a page token returned by a previous page");
        }
    }

    private static List<Organization> ReadOrganizations(SqliteCommand command)
    {
        var rows = new List<Organization>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new Organization(
                reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt64(3) != 0, []));
        }

        return rows;
    }

    /// <summary>Fills in aliases and successions for rows in code order, with one range query per table.</summary>
    private static List<Organization> AttachDetails(SqliteConnection connection, SqliteTransaction transaction, List<Organization> rows)
    {
        var aliases = ReadByCode(connection, transaction, rows,
            "SELECT code, alias FROM organization_aliases WHERE code BETWEEN $first AND $last ORDER BY code, alias",
            reader => reader.GetString(1));
        var successions = ReadByCode(connection, transaction, rows, """
            SELECT code, successor_code, effective_at FROM organization_successions
            WHERE code BETWEEN $first AND $last ORDER BY code, effective_at, successor_code
            """,
            reader => new Succession(reader.GetString(1), RegistrySql.FromMs(reader.GetInt64(2))));

        return rows.ConvertAll(row => row with
        {
            Aliases = aliases.TryGetValue(row.Code, out var a) ? a : [],
            Successions = successions.TryGetValue(row.Code, out var s) ? s : [],
        });
    }

    private static Dictionary<string, List<T>> ReadByCode<T>(
        SqliteConnection connection, SqliteTransaction transaction, List<Organization> rows, string sql, Func<SqliteDataReader, T> read)
    {
        var wanted = new HashSet<string>(rows.Select(r => r.Code), StringComparer.Ordinal);
        var result = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        using var command = RegistrySql.Command(connection, transaction, sql);
        command.Parameters.AddWithValue("$first", rows[0].Code);
        command.Parameters.AddWithValue("$last", rows[^1].Code);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var code = reader.GetString(0);
            if (!wanted.Contains(code))
                continue;
            if (!result.TryGetValue(code, out var list))
                result[code] = list = [];
            list.Add(read(reader));
        }

        return result;
    }
}
