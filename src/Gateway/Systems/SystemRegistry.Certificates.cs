using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;
using Microsoft.Data.Sqlite;

namespace Gateway.Systems;

/// <summary>
/// Client certificates bound to systems (table <c>system_certificates</c>, by SHA-256 thumbprint).
/// Binding checks only what the store can know (the certificate's key usages, its org codes against
/// the system's, who else holds it); trust (chain, validity, revocation) is judged on every use.
/// </summary>
internal sealed partial class SystemRegistry
{
    // Keyed by thumbprint; only certificates bound to an active system are cached, so an unbound
    // certificate bound later works at once and callers cannot grow the cache with certificates of
    // their own. Entries are trusted for CacheBound, as tokens are.
    private readonly ConcurrentDictionary<string, CachedBinding> _bindingCache = new(StringComparer.Ordinal);

    /// <summary>Binds <paramref name="certificate"/> to the system <paramref name="name"/>.</summary>
    /// <returns>The system, the binding, and false when this exact binding already existed.</returns>
    /// <exception cref="SystemsException">no such system, a revoked one, an unfit certificate, or one bound to another system.</exception>
    public (ConnectedSystem System, SystemCertificate Certificate, bool Added) BindCertificate(string name, X509Certificate2 certificate)
    {
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        var system = ReadSystem(connection, name) ?? throw UnknownSystem(name);
        if (system.RevokedAt is { } revokedAt)
            throw new SystemsException(SystemsError.SystemRevoked, $"system '{name}' was revoked at {FormatTime(revokedAt)}; no certificate can be bound to it");
        var (bound, added) = InsertCertificate(connection, system, certificate);
        transaction.Commit();
        return (system, bound, added);
    }

    /// <summary>
    /// Withdraws the binding of the certificate with <paramref name="thumbprint"/> from the system: this
    /// process refuses it at once, a running daemon beside the CLI within <see cref="CacheBound"/>.
    /// </summary>
    /// <exception cref="SystemsException">no such system, or no such certificate bound to it.</exception>
    public SystemCertificate UnbindCertificate(string name, string thumbprint)
    {
        var key = thumbprint.ToUpperInvariant();
        SystemCertificate? removed = null;
        using (var connection = store.OpenConnection())
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            if (ReadSystem(connection, name) is null)
                throw UnknownSystem(name);
            using var delete = Command(connection,
                "DELETE FROM system_certificates WHERE thumbprint = $thumbprint AND system_name = $name RETURNING subject, serial, not_after, bound_at");
            delete.Parameters.AddWithValue("$thumbprint", key);
            delete.Parameters.AddWithValue("$name", name);
            using (var reader = delete.ExecuteReader())
            {
                if (reader.Read())
                    removed = new SystemCertificate(key, name, reader.GetString(0), reader.GetString(1), FromMs(reader.GetInt64(2)), FromMs(reader.GetInt64(3)));
            }

            transaction.Commit();
        }

        _bindingCache.TryRemove(key, out _);
        return removed ?? throw new SystemsException(SystemsError.CertificateNotBound,
            $"no certificate with SHA-256 {key} is bound to system '{name}' (see 'gateway systems list --json')");
    }

    /// <summary>Every bound certificate, ordered by system and binding time.</summary>
    public IReadOnlyList<SystemCertificate> Certificates()
    {
        using var connection = store.OpenConnection();
        using var select = Command(connection,
            "SELECT thumbprint, system_name, subject, serial, not_after, bound_at FROM system_certificates ORDER BY system_name, bound_at, thumbprint");
        using var reader = select.ExecuteReader();
        var certificates = new List<SystemCertificate>();
        while (reader.Read())
        {
            certificates.Add(new SystemCertificate(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                FromMs(reader.GetInt64(4)), FromMs(reader.GetInt64(5))));
        }

        return certificates;
    }

    /// <summary>
    /// The system the certificate with <paramref name="thumbprint"/> is bound to, revoked or not, or
    /// null when it is bound to none: from memory if it was found within <see cref="CacheBound"/>,
    /// else with one indexed read of the store.
    /// </summary>
    public ConnectedSystem? FindByCertificate(string thumbprint)
    {
        var now = time.GetTimestamp();
        if (_bindingCache.TryGetValue(thumbprint, out var cached) && time.GetElapsedTime(cached.LoadedAt, now) < CacheBound)
            return cached.System;

        using var connection = store.OpenConnection();
        using var select = Command(connection,
            "SELECT s.name, s.created_at, s.revoked_at, o.org_code FROM system_certificates c " +
            "JOIN systems s ON s.name = c.system_name LEFT JOIN system_orgs o ON o.system_name = s.name " +
            "WHERE c.thumbprint = $thumbprint ORDER BY o.org_code");
        select.Parameters.AddWithValue("$thumbprint", thumbprint);
        var system = ReadOne(select);
        if (system is { IsRevoked: false })
            _bindingCache[thumbprint] = new CachedBinding(system, now);
        else
            _bindingCache.TryRemove(thumbprint, out _);
        return system;
    }

    /// <summary>
    /// Inserts the binding inside the caller's transaction, after the checks that keep a binding
    /// meaningful: a certificate fit for TLS client authentication, one that leaves the system at
    /// least one code (a certificate that carries codes limits its system to the codes both share),
    /// and one not already bound to another system.
    /// </summary>
    private (SystemCertificate Certificate, bool Added) InsertCertificate(SqliteConnection connection, ConnectedSystem system, X509Certificate2 certificate)
    {
        var described = ClientCertificateFitness.Describe(certificate);
        if (ClientCertificateFitness.Unfit(certificate) is { } unfit)
            throw new SystemsException(SystemsError.CertificateUnfit, $"{described} cannot authenticate a system: {unfit}");

        var carried = CertificateFactory.ReadOrgCodes(certificate);
        if (carried.Count > 0 && !carried.Intersect(system.OrgCodes, StringComparer.Ordinal).Any())
        {
            throw new SystemsException(SystemsError.CertificateUnfit,
                $"{described} carries {string.Join(", ", carried)}, none of which system '{system.Name}' is registered for " +
                $"({string.Join(", ", system.OrgCodes)}): a certificate that carries codes limits its system to the codes both have, so this one could act for none");
        }

        var thumbprint = ClientCertificateFitness.Thumbprint(certificate);
        using (var owner = Command(connection, "SELECT system_name, subject, serial, not_after, bound_at FROM system_certificates WHERE thumbprint = $thumbprint"))
        {
            owner.Parameters.AddWithValue("$thumbprint", thumbprint);
            using var reader = owner.ExecuteReader();
            if (reader.Read())
            {
                var holder = reader.GetString(0);
                if (!string.Equals(holder, system.Name, StringComparison.Ordinal))
                {
                    throw new SystemsException(SystemsError.CertificateTaken,
                        $"{described} is already bound to system '{holder}'; a certificate belongs to one system only (unbind it first: gateway systems unbind-cert {holder} {thumbprint})");
                }

                return (new SystemCertificate(thumbprint, holder, reader.GetString(1), reader.GetString(2), FromMs(reader.GetInt64(3)), FromMs(reader.GetInt64(4))), false);
            }
        }

        var boundAt = FromMs(time.GetUtcNow().ToUnixTimeMilliseconds());
        var notAfter = FromMs(new DateTimeOffset(certificate.NotAfter.ToUniversalTime()).ToUnixTimeMilliseconds());
        using (var insert = Command(connection, """
            INSERT INTO system_certificates (thumbprint, system_name, subject, serial, not_after, bound_at)
            VALUES ($thumbprint, $name, $subject, $serial, $notAfter, $at)
            """))
        {
            insert.Parameters.AddWithValue("$thumbprint", thumbprint);
            insert.Parameters.AddWithValue("$name", system.Name);
            insert.Parameters.AddWithValue("$subject", certificate.Subject);
            insert.Parameters.AddWithValue("$serial", certificate.SerialNumber);
            insert.Parameters.AddWithValue("$notAfter", notAfter.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$at", boundAt.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }

        return (new SystemCertificate(thumbprint, system.Name, certificate.Subject, certificate.SerialNumber, notAfter, boundAt), true);
    }

    /// <summary>One system by name on the caller's connection (inside its transaction), or null.</summary>
    private static ConnectedSystem? ReadSystem(SqliteConnection connection, string name)
    {
        using var select = Command(connection,
            "SELECT s.name, s.created_at, s.revoked_at, o.org_code FROM systems s " +
            "LEFT JOIN system_orgs o ON o.system_name = s.name WHERE s.name = $name ORDER BY o.org_code");
        select.Parameters.AddWithValue("$name", name);
        return ReadOne(select);
    }

    /// <summary>The one system the rows of (name, created_at, revoked_at, org_code) describe, or null for no rows.</summary>
    private static ConnectedSystem? ReadOne(SqliteCommand select)
    {
        using var reader = select.ExecuteReader();
        if (!reader.Read())
            return null;
        var name = reader.GetString(0);
        var createdAt = reader.GetInt64(1);
        long? revokedAt = reader.IsDBNull(2) ? null : reader.GetInt64(2);
        var codes = new List<string>();
        do
        {
            if (!reader.IsDBNull(3))
                codes.Add(reader.GetString(3));
        }
        while (reader.Read());

        return Build(name, codes, createdAt, revokedAt);
    }

    /// <summary>Forgets the cached bindings of a system, e.g. once it is revoked in this process.</summary>
    private void ForgetBindings(string name)
    {
        foreach (var entry in _bindingCache)
        {
            if (string.Equals(entry.Value.System.Name, name, StringComparison.Ordinal))
                _bindingCache.TryRemove(entry.Key, out _);
        }
    }

    private sealed record CachedBinding(ConnectedSystem System, long LoadedAt);
}
