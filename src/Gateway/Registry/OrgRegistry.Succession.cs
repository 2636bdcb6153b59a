using Microsoft.Data.Sqlite;

namespace Gateway.Registry;

internal sealed partial class OrgRegistry
{
    /// <summary>
    /// Records that from <paramref name="effectiveAt"/> on (to the millisecond) <paramref name="code"/> is
    /// succeeded by <paramref name="successors"/>: one successor redirects, several make a split. The
    /// list replaces any successions recorded for <paramref name="code"/> before, so a mistake is
    /// corrected by running it again. <paramref name="effectiveAt"/> may be in the past.
    /// </summary>
    /// <exception cref="OrgRegistryException">
    /// Nothing is written when: no successor is given or one is listed twice; a code succeeds itself;
    /// <paramref name="code"/> (field <c>code</c>) or a successor (field <c>successors</c>) is not an
    /// organisation's code in the registry (an alias is named as such); or a successor already leads
    /// back to <paramref name="code"/> through recorded successions, whatever their times (a cycle).
    /// </exception>
    public void Succeed(string code, IReadOnlyList<string> successors, DateTimeOffset effectiveAt)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(successors);
        if (successors.Count == 0)
            throw new OrgRegistryException(code, "successors", "is empty: name at least one successor");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var successor in successors)
        {
            if (string.Equals(successor, code, StringComparison.Ordinal))
                throw new OrgRegistryException(code, "successors", $"'{successor}' cannot succeed itself");
            if (!seen.Add(successor))
                throw new OrgRegistryException(code, "successors", $"'{successor}' is listed twice");
        }

        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        RequireOrganization(connection, transaction, code, "code");
        foreach (var successor in successors)
            RequireOrganization(connection, transaction, successor, "successors");

        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using (var command = RegistrySql.Command(connection, transaction, "SELECT code, successor_code FROM organization_successions WHERE code <> $code"))
        {
            command.Parameters.AddWithValue("$code", code);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var from = reader.GetString(0);
                if (!edges.TryGetValue(from, out var list))
                    edges[from] = list = [];
                list.Add(reader.GetString(1));
            }
        }

        foreach (var successor in successors)
        {
            if (PathTo(edges, successor, code) is { } path)
                throw new OrgRegistryException(code, "successors",
                    $"'{successor}' already leads back to {code} ({string.Join(" -> ", path)}); a succession cycle is refused");
        }

        using (var clear = RegistrySql.Command(connection, transaction, "DELETE FROM organization_successions WHERE code = $code"))
        {
            clear.Parameters.AddWithValue("$code", code);
            clear.ExecuteNonQuery();
        }

        var stamp = NextStamp(connection, transaction);
        using (var insert = RegistrySql.Command(connection, transaction, """
            INSERT INTO organization_successions (code, successor_code, effective_at, recorded_at)
            VALUES ($code, $successor, $effective, $recorded)
            """))
        {
            insert.Parameters.AddWithValue("$code", code);
            var successor = insert.Parameters.Add("$successor", SqliteType.Text);
            insert.Parameters.AddWithValue("$effective", RegistrySql.ToMs(effectiveAt));
            insert.Parameters.AddWithValue("$recorded", RegistrySql.ToMs(time.GetUtcNow()));
            foreach (var value in successors)
            {
                successor.Value = value;
                insert.ExecuteNonQuery();
            }
        }

        Touch(connection, transaction, code, stamp);
        transaction.Commit();
        Changed();
    }

    /// <summary>Enables or disables an organisation; a disabled one receives nothing (<see cref="ResolutionKind.Disabled"/>).</summary>
    /// <exception cref="OrgRegistryException"><paramref name="code"/> is not an organisation's code in the registry.</exception>
    public void SetEnabled(string code, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(code);
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        RequireOrganization(connection, transaction, code, "code");
        var stamp = NextStamp(connection, transaction);
        using (var update = RegistrySql.Command(connection, transaction, "UPDATE organizations SET enabled = $enabled, updated_at = $stamp WHERE code = $code"))
        {
            update.Parameters.AddWithValue("$enabled", enabled ? 1 : 0);
            update.Parameters.AddWithValue("$stamp", stamp);
            update.Parameters.AddWithValue("$code", code);
            update.ExecuteNonQuery();
        }

        transaction.Commit();
        Changed();
    }

    private static void RequireOrganization(SqliteConnection connection, SqliteTransaction transaction, string code, string field)
    {
        using (var command = RegistrySql.Command(connection, transaction, "SELECT 1 FROM organizations WHERE code = $code"))
        {
            command.Parameters.AddWithValue("$code", code);
            if (command.ExecuteScalar() is not null)
                return;
        }

        using var alias = RegistrySql.Command(connection, transaction, "SELECT code FROM organization_aliases WHERE alias = $code");
        alias.Parameters.AddWithValue("$code", code);
        throw alias.ExecuteScalar() is string owner
            ? new OrgRegistryException(code, field, $"'{code}' is an alias of {owner}, not an organisation's code; name {owner}")
            : new OrgRegistryException(code, field, $"'{code}' is not an organisation in the registry");
    }

    private static void Touch(SqliteConnection connection, SqliteTransaction transaction, string code, long stamp)
    {
        using var touch = RegistrySql.Command(connection, transaction, "UPDATE organizations SET updated_at = $stamp WHERE code = $code");
        touch.Parameters.AddWithValue("$stamp", stamp);
        touch.Parameters.AddWithValue("$code", code);
        touch.ExecuteNonQuery();
    }

    /// <summary>A path of successions from <paramref name="start"/> to <paramref name="target"/>, or null.</summary>
    private static List<string>? PathTo(Dictionary<string, List<string>> edges, string start, string target)
    {
        var previous = new Dictionary<string, string?>(StringComparer.Ordinal) { [start] = null };
        var queue = new Queue<string>();
        queue.Enqueue(start);
        while (queue.TryDequeue(out var node))
        {
            if (string.Equals(node, target, StringComparison.Ordinal))
            {
                var path = new List<string>();
                for (string? step = node; step is not null; step = previous[step])
                    path.Add(step);
                path.Reverse();
                return path;
            }

            if (!edges.TryGetValue(node, out var next))
                continue;
            foreach (var successor in next)
            {
                if (previous.TryAdd(successor, node))
                    queue.Enqueue(successor);
            }
        }

        return null;
    }
}
