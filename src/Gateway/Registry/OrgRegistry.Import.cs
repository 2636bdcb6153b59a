using Microsoft.Data.Sqlite;

namespace Gateway.Registry;

internal sealed partial class OrgRegistry
{
    /// <summary>
    /// Adds or rewrites every organisation in one IMMEDIATE transaction: all of them or none. An
    /// organisation already in the registry gets the given name, parent, enabled flag and exactly the
    /// given aliases; its successions are left as they are (see <see cref="Succeed"/>).
    /// </summary>
    /// <exception cref="OrgRegistryException">
    /// A rule is broken (nothing is written): a code or alias appears twice, an alias is also an
    /// organisation's code or another organisation's alias, a code is another organisation's alias,
    /// a parent is neither in the registry nor in the list, an organisation is its own parent, or a
    /// name is empty. Codes are not parsed here: the import file reader validates their form.
    /// </exception>
    public ImportResult Import(IReadOnlyList<Organization> organizations)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        var batch = CheckBatch(organizations);

        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        var existing = new HashSet<string>(StringComparer.Ordinal);
        using (var command = RegistrySql.Command(connection, transaction, "SELECT code FROM organizations"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                existing.Add(reader.GetString(0));
        }

        var aliasOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = RegistrySql.Command(connection, transaction, "SELECT alias, code FROM organization_aliases"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                aliasOwners[reader.GetString(0)] = reader.GetString(1);
        }

        CheckAgainstRegistry(organizations, batch, existing, aliasOwners);

        var stamp = NextStamp(connection, transaction);
        var added = 0;
        using (var clear = RegistrySql.Command(connection, transaction, "DELETE FROM organization_aliases WHERE code = $code"))
        {
            var code = clear.Parameters.Add("$code", SqliteType.Text);
            foreach (var organization in organizations)
            {
                code.Value = organization.Code;
                clear.ExecuteNonQuery();
            }
        }

        using (var upsert = RegistrySql.Command(connection, transaction, """
            INSERT INTO organizations (code, name, parent_code, enabled, created_at, updated_at)
            VALUES ($code, $name, $parent, $enabled, $stamp, $stamp)
            ON CONFLICT (code) DO UPDATE SET
                name = excluded.name, parent_code = excluded.parent_code,
                enabled = excluded.enabled, updated_at = excluded.updated_at
            """))
        {
            var code = upsert.Parameters.Add("$code", SqliteType.Text);
            var name = upsert.Parameters.Add("$name", SqliteType.Text);
            var parent = upsert.Parameters.Add("$parent", SqliteType.Text);
            var enabled = upsert.Parameters.Add("$enabled", SqliteType.Integer);
            upsert.Parameters.AddWithValue("$stamp", stamp);
            foreach (var organization in organizations)
            {
                code.Value = organization.Code;
                name.Value = organization.Name;
                parent.Value = (object?)organization.ParentCode ?? DBNull.Value;
                enabled.Value = organization.Enabled ? 1 : 0;
                upsert.ExecuteNonQuery();
                if (!existing.Contains(organization.Code))
                    added++;
            }
        }

        using (var insert = RegistrySql.Command(connection, transaction, "INSERT INTO organization_aliases (alias, code) VALUES ($alias, $code)"))
        {
            var alias = insert.Parameters.Add("$alias", SqliteType.Text);
            var code = insert.Parameters.Add("$code", SqliteType.Text);
            foreach (var organization in organizations)
            {
                code.Value = organization.Code;
                foreach (var value in organization.Aliases)
                {
                    alias.Value = value;
                    insert.ExecuteNonQuery();
                }
            }
        }

        transaction.Commit();
        Changed();
        return new ImportResult(added, organizations.Count - added);
    }

    /// <summary>The rules that need only the list itself; returns it by code.</summary>
    private static Dictionary<string, Organization> CheckBatch(IReadOnlyList<Organization> organizations)
    {
        var byCode = new Dictionary<string, Organization>(organizations.Count, StringComparer.Ordinal);
        foreach (var organization in organizations)
        {
            ArgumentNullException.ThrowIfNull(organization);
            var code = organization.Code;
            if (string.IsNullOrEmpty(code))
                throw new OrgRegistryException(code, "code", "is empty");
            if (!byCode.TryAdd(code, organization))
                throw new OrgRegistryException(code, "code", $"'{code}' is listed twice");
            if (string.IsNullOrEmpty(organization.Name))
                throw new OrgRegistryException(code, "name", "is empty");
            if (string.Equals(organization.ParentCode, code, StringComparison.Ordinal))
                throw new OrgRegistryException(code, "parent_code", $"'{code}' cannot be its own parent");
        }

        var aliasOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var organization in organizations)
        {
            foreach (var alias in organization.Aliases)
            {
                if (string.IsNullOrEmpty(alias))
                    throw new OrgRegistryException(organization.Code, "aliases", "has an empty alias");
                if (string.Equals(alias, organization.Code, StringComparison.Ordinal))
                    throw new OrgRegistryException(organization.Code, "aliases", $"'{alias}' is the organisation's own code");
                if (byCode.ContainsKey(alias))
                    throw new OrgRegistryException(organization.Code, "aliases", AliasIsCode(alias));
                if (!aliasOwners.TryAdd(alias, organization.Code))
                {
                    var owner = aliasOwners[alias];
                    throw new OrgRegistryException(organization.Code, "aliases", string.Equals(owner, organization.Code, StringComparison.Ordinal)
                        ? $"'{alias}' is listed twice"
                        : $"'{alias}' is also an alias of {owner}");
                }
            }
        }

        return byCode;
    }

    private static void CheckAgainstRegistry(
        IReadOnlyList<Organization> organizations,
        Dictionary<string, Organization> batch,
        HashSet<string> existing,
        Dictionary<string, string> aliasOwners)
    {
        foreach (var organization in organizations)
        {
            var code = organization.Code;
            // Aliases of organisations in the list are replaced, so only the others still hold theirs.
            if (aliasOwners.TryGetValue(code, out var holder) && !batch.ContainsKey(holder))
                throw new OrgRegistryException(code, "code", $"'{code}' is already an alias of {holder} in the registry; an organisation's code cannot be another's alias");
            if (organization.ParentCode is { } parent && !existing.Contains(parent) && !batch.ContainsKey(parent))
                throw new OrgRegistryException(code, "parent_code", $"'{parent}' is not an organisation in the registry or in this import");
            foreach (var alias in organization.Aliases)
            {
                if (existing.Contains(alias))
                    throw new OrgRegistryException(code, "aliases", AliasIsCode(alias));
                if (aliasOwners.TryGetValue(alias, out var owner) && !string.Equals(owner, code, StringComparison.Ordinal) && !batch.ContainsKey(owner))
                    throw new OrgRegistryException(code, "aliases", $"'{alias}' is already an alias of {owner} in the registry");
            }
        }
    }

    private static string AliasIsCode(string alias) =>
        $"'{alias}' is the code of an organisation; an alias cannot be another organisation's code";
}
