using System.Collections.Concurrent;

namespace Gateway.Systems;

internal sealed partial class SystemRegistry
{
    /// <summary>
    /// How long a credential that once authenticated is trusted from memory before the store is read
    /// again: a token revoked or a system added in another process (the CLI) takes effect in the daemon
    /// within this bound. Unknown and revoked tokens are never cached, so a new system works at once.
    /// </summary>
    public static readonly TimeSpan CacheBound = TimeSpan.FromSeconds(5);

    // Keyed by token id. Only credentials whose secret verified are cached, so the cache holds at most
    // one entry per system that has called (callers cannot grow it with made-up tokens).
    private readonly ConcurrentDictionary<string, CachedCredential> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Checks a bearer token: its shape, then its id (from memory, or one indexed read of the store),
    /// then its secret in constant time, then revocation. The reason of a refusal is safe to show the
    /// caller: it never says whether an id exists unless the secret matched.
    /// </summary>
    public AuthenticationResult Authenticate(string bearerToken)
    {
        Span<byte> secret = stackalloc byte[BearerToken.SecretBytes];
        if (!BearerToken.TryParse(bearerToken, out var id, secret))
            return AuthenticationResult.Refused($"malformed bearer token: expected {BearerToken.Shape}, as printed by 'gateway systems add'");

        var now = time.GetTimestamp();
        if (_cache.TryGetValue(id, out var cached) && time.GetElapsedTime(cached.LoadedAt, now) < CacheBound)
        {
            return BearerToken.Verify(cached.Salt, cached.Hash, secret)
                ? AuthenticationResult.Success(cached.System)
                : UnknownToken;
        }

        var loaded = Load(id, now);
        if (loaded is null || !BearerToken.Verify(loaded.Salt, loaded.Hash, secret))
        {
            _cache.TryRemove(id, out _);
            return UnknownToken;
        }

        if (loaded.System.RevokedAt is { } revokedAt)
        {
            _cache.TryRemove(id, out _);
            return AuthenticationResult.Refused($"token revoked at {FormatTime(revokedAt)}");
        }

        _cache[id] = loaded;
        return AuthenticationResult.Success(loaded.System);
    }

    private static readonly AuthenticationResult UnknownToken = AuthenticationResult.Refused("unknown token");

    /// <summary>The credential and system of a token id: one query on the unique token_id index.</summary>
    private CachedCredential? Load(string tokenId, long timestamp)
    {
        using var connection = store.OpenConnection();
        using var command = Command(connection,
            "SELECT s.name, s.token_salt, s.token_hash, s.created_at, s.revoked_at, o.org_code FROM systems s " +
            "LEFT JOIN system_orgs o ON o.system_name = s.name WHERE s.token_id = $id ORDER BY o.org_code");
        command.Parameters.AddWithValue("$id", tokenId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            return null;
        var name = reader.GetString(0);
        var salt = (byte[])reader.GetValue(1);
        var hash = (byte[])reader.GetValue(2);
        var createdAt = reader.GetInt64(3);
        long? revokedAt = reader.IsDBNull(4) ? null : reader.GetInt64(4);
        var codes = new List<string>();
        do
        {
            if (!reader.IsDBNull(5))
                codes.Add(reader.GetString(5));
        }
        while (reader.Read());

        return new CachedCredential(Build(name, codes, createdAt, revokedAt), salt, hash, timestamp);
    }

    /// <summary>Forgets every cached credential and certificate binding (tests; an admin API revoking in this process).</summary>
    internal void ClearCache()
    {
        _cache.Clear();
        _bindingCache.Clear();
    }

    private sealed record CachedCredential(ConnectedSystem System, byte[] Salt, byte[] Hash, long LoadedAt);
}
