using System.Security.Cryptography.X509Certificates;
using Gateway.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gateway.Systems;

/// <summary>
/// Connected systems, their bearer tokens and client certificates, kept in the store (tables
/// <c>systems</c>, <c>system_orgs</c> and <c>system_certificates</c>). The daemon and the admin CLI each hold one over the same store; what the CLI
/// changes reaches a running daemon without a restart (see <see cref="CacheBound"/>).
/// </summary>
internal sealed partial class SystemRegistry(SqliteStore store, TimeProvider time)
{
    public const int MaxNameLength = 64;

    /// <summary>Issues a token for a new system registered for <paramref name="orgCodes"/>; the token is shown once.</summary>
    /// <exception cref="SystemsException">a bad or taken name, no codes, or codes not in the registry.</exception>
    public (ConnectedSystem System, string Token) Add(string name, IReadOnlyCollection<string> orgCodes)
    {
        var (system, token, _) = Add(name, orgCodes, null);
        return (system, token);
    }

    /// <summary>
    /// As <see cref="Add(string, IReadOnlyCollection{string})"/>, and binds <paramref name="certificate"/>
    /// to the new system in the same transaction: a certificate that cannot be bound adds nothing.
    /// </summary>
    /// <exception cref="SystemsException">as for Add, and an unfit certificate or one bound to another system.</exception>
    public (ConnectedSystem System, string Token, SystemCertificate? Certificate) Add(string name, IReadOnlyCollection<string> orgCodes, X509Certificate2? certificate)
    {
        CheckName(name);
        if (orgCodes.Count == 0)
            throw new SystemsException(SystemsError.InvalidOrgs, $"system '{name}' needs at least one organisation code (--org CODE)");
        if (orgCodes.Any(string.IsNullOrWhiteSpace))
            throw new SystemsException(SystemsError.InvalidOrgs, "an organisation code is empty");
        var codes = orgCodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

        var issued = BearerToken.Issue();
        var now = time.GetUtcNow();
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);

        using (var existing = Command(connection, "SELECT revoked_at FROM systems WHERE name = $name"))
        {
            existing.Parameters.AddWithValue("$name", name);
            var found = existing.ExecuteScalar();
            if (found is not null)
            {
                var revoked = found is DBNull ? "" : $" (revoked at {FormatTime(FromMs((long)found))}; names are not reused)";
                throw new SystemsException(SystemsError.NameTaken, $"a system named '{name}' already exists{revoked}");
            }
        }

        var missing = new List<string>();
        using (var lookup = Command(connection, "SELECT 1 FROM organizations WHERE code = $code"))
        {
            var code = lookup.Parameters.Add("$code", SqliteType.Text);
            foreach (var candidate in codes)
            {
                code.Value = candidate;
                if (lookup.ExecuteScalar() is null)
                    missing.Add(candidate);
            }
        }

        if (missing.Count > 0)
        {
            var list = string.Join(", ", missing.Select(c => $"'{c}'"));
            var noun = missing.Count == 1 ? "organisation code" : "organisation codes";
            throw new SystemsException(SystemsError.UnknownOrgs,
                $"unknown {noun} {list}: not in the organisation registry (add them with 'gateway orgs import FILE' first)");
        }

        using (var insert = Command(connection,
            "INSERT INTO systems (name, token_id, token_salt, token_hash, created_at) VALUES ($name, $id, $salt, $hash, $at)"))
        {
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$id", issued.Id);
            insert.Parameters.AddWithValue("$salt", issued.Salt);
            insert.Parameters.AddWithValue("$hash", issued.Hash);
            insert.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }

        using (var link = Command(connection, "INSERT INTO system_orgs (system_name, org_code) VALUES ($name, $code)"))
        {
            link.Parameters.AddWithValue("$name", name);
            var code = link.Parameters.Add("$code", SqliteType.Text);
            foreach (var candidate in codes)
            {
                code.Value = candidate;
                link.ExecuteNonQuery();
            }
        }

        var system = new ConnectedSystem(name, codes, FromMs(now.ToUnixTimeMilliseconds()), null);
        var bound = certificate is null ? null : InsertCertificate(connection, system, certificate).Certificate;
        transaction.Commit();
        return (system, issued.Token, bound);
    }

    /// <summary>Every system, revoked ones included, ordered by name. Never tokens or hashes.</summary>
    public IReadOnlyList<ConnectedSystem> List()
    {
        using var connection = store.OpenConnection();
        using var command = Command(connection,
            "SELECT s.name, s.created_at, s.revoked_at, o.org_code FROM systems s " +
            "LEFT JOIN system_orgs o ON o.system_name = s.name ORDER BY s.name, o.org_code");
        using var reader = command.ExecuteReader();
        var systems = new List<ConnectedSystem>();
        string? name = null;
        long createdAt = 0;
        long? revokedAt = null;
        var codes = new List<string>();
        while (reader.Read())
        {
            var rowName = reader.GetString(0);
            if (!string.Equals(rowName, name, StringComparison.Ordinal))
            {
                if (name is not null)
                    systems.Add(Build(name, codes, createdAt, revokedAt));
                name = rowName;
                createdAt = reader.GetInt64(1);
                revokedAt = reader.IsDBNull(2) ? null : reader.GetInt64(2);
                codes = [];
            }

            if (!reader.IsDBNull(3))
                codes.Add(reader.GetString(3));
        }

        if (name is not null)
            systems.Add(Build(name, codes, createdAt, revokedAt));
        return systems;
    }

    /// <summary>One system by name, or null.</summary>
    public ConnectedSystem? Find(string name) =>
        List().FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// Revokes the system, its token and its client certificates alike: this process refuses them at
    /// once, another process (a running daemon beside the CLI) within <see cref="CacheBound"/>. Revoking a revoked system changes nothing and
    /// says so.
    /// </summary>
    /// <exception cref="SystemsException">no system has that name.</exception>
    public (ConnectedSystem System, bool WasAlreadyRevoked) Revoke(string name)
    {
        string? tokenId;
        using (var connection = store.OpenConnection())
        using (var update = Command(connection,
            "UPDATE systems SET revoked_at = $at WHERE name = $name AND revoked_at IS NULL RETURNING token_id"))
        {
            update.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$name", name);
            // One statement: its own transaction, committed (and fsynced) before it returns.
            tokenId = update.ExecuteScalar() as string;
        }

        if (tokenId is not null)
            _cache.TryRemove(tokenId, out _);
        ForgetBindings(name);
        var system = Find(name) ?? throw UnknownSystem(name);
        return (system, tokenId is null);
    }

    private static SystemsException UnknownSystem(string name) =>
        new(SystemsError.UnknownSystem, $"no system named '{name}' (see 'gateway systems list')");

    private static void CheckName(string name)
    {
        if (name.Length is 0 or > MaxNameLength)
            throw new SystemsException(SystemsError.InvalidName, $"system name must be 1 to {MaxNameLength} characters, got {name.Length}");
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
                throw new SystemsException(SystemsError.InvalidName,
                    $"system name '{name}' has the character '{c}'; use only letters A-Z a-z, digits, '.', '_' and '-'");
        }
    }

    private static ConnectedSystem Build(string name, List<string> codes, long createdAt, long? revokedAt) =>
        new(name, codes, FromMs(createdAt), revokedAt is { } at ? FromMs(at) : null);

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    internal static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>UTC, ISO 8601, to the millisecond, as every message and listing shows times.</summary>
    internal static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
