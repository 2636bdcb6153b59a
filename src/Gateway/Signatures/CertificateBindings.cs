using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gateway.Signatures;

/// <summary>
/// Certificate ↔ organisation bindings made by the operator (table <c>certificate_bindings</c>). The
/// daemon and <c>gateway orgs bind-cert</c> each hold one over the same store; the daemon's answers
/// are at most <see cref="CacheBound"/> old, so a binding or unbinding made beside a running daemon
/// takes effect within that time without a restart.
/// </summary>
internal sealed class CertificateBindings(SqliteStore store, TimeProvider time)
{
    public static readonly TimeSpan CacheBound = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (IReadOnlySet<string> Codes, long ReadAt)> _cache = new(StringComparer.Ordinal);

    public static string Thumbprint(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>Binds <paramref name="certificate"/> to <paramref name="orgCode"/>, which must be in the registry. Binding twice is not an error.</summary>
    /// <returns>False when the binding already existed.</returns>
    public bool Bind(string orgCode, X509Certificate2 certificate)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var known = Command(connection, "SELECT 1 FROM organizations WHERE code = $code"))
        {
            known.Parameters.AddWithValue("$code", orgCode);
            if (known.ExecuteScalar() is null)
                throw new ArgumentException($"'{orgCode}' is not in the organisation registry (add it with 'gateway orgs import FILE' first)", nameof(orgCode));
        }

        int inserted;
        using (var insert = Command(connection, """
            INSERT INTO certificate_bindings (thumbprint, org_code, subject, serial, not_after, bound_at)
            VALUES ($thumbprint, $code, $subject, $serial, $notAfter, $at)
            ON CONFLICT (thumbprint, org_code) DO NOTHING
            """))
        {
            insert.Parameters.AddWithValue("$thumbprint", Thumbprint(certificate));
            insert.Parameters.AddWithValue("$code", orgCode);
            insert.Parameters.AddWithValue("$subject", certificate.Subject);
            insert.Parameters.AddWithValue("$serial", certificate.SerialNumber);
            insert.Parameters.AddWithValue("$notAfter", new DateTimeOffset(certificate.NotAfter.ToUniversalTime()).ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
            inserted = insert.ExecuteNonQuery();
        }

        transaction.Commit();
        _cache.Clear();
        return inserted == 1;
    }

    /// <returns>False when there was no such binding.</returns>
    public bool Unbind(string orgCode, string thumbprint)
    {
        using var connection = store.OpenConnection();
        using var delete = Command(connection, "DELETE FROM certificate_bindings WHERE org_code = $code AND thumbprint = $thumbprint");
        delete.Parameters.AddWithValue("$code", orgCode);
        delete.Parameters.AddWithValue("$thumbprint", thumbprint.ToUpperInvariant());
        var removed = delete.ExecuteNonQuery() == 1;
        _cache.Clear();
        return removed;
    }

    public IReadOnlyList<CertificateBinding> List(string? orgCode)
    {
        using var connection = store.OpenConnection();
        using var select = Command(connection, orgCode is null
            ? "SELECT thumbprint, org_code, subject, serial, not_after, bound_at FROM certificate_bindings ORDER BY org_code, bound_at"
            : "SELECT thumbprint, org_code, subject, serial, not_after, bound_at FROM certificate_bindings WHERE org_code = $code ORDER BY bound_at");
        if (orgCode is not null)
            select.Parameters.AddWithValue("$code", orgCode);
        using var reader = select.ExecuteReader();
        var bindings = new List<CertificateBinding>();
        while (reader.Read())
        {
            bindings.Add(new CertificateBinding(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }

        return bindings;
    }

    /// <summary>The codes bound to the certificate with <paramref name="thumbprint"/>, at most <see cref="CacheBound"/> old.</summary>
    public IReadOnlySet<string> CodesFor(string thumbprint)
    {
        var now = time.GetTimestamp();
        if (_cache.TryGetValue(thumbprint, out var cached) && time.GetElapsedTime(cached.ReadAt, now) < CacheBound)
            return cached.Codes;

        using var connection = store.OpenConnection();
        using var select = Command(connection, "SELECT org_code FROM certificate_bindings WHERE thumbprint = $thumbprint");
        select.Parameters.AddWithValue("$thumbprint", thumbprint);
        using var reader = select.ExecuteReader();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
            codes.Add(reader.GetString(0));
        _cache[thumbprint] = (codes, now);
        return codes;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
