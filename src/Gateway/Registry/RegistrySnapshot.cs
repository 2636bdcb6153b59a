using Microsoft.Data.Sqlite;

namespace Gateway.Registry;

/// <summary>
/// An immutable in-memory copy of what resolution needs (codes, enabled flags, aliases, successions),
/// read in one transaction so it is consistent. Resolving is dictionary lookups only: 10,000 recipients
/// take well under a millisecond per thousand.
/// </summary>
internal sealed class RegistrySnapshot
{
    /// <summary>Longer succession chains are treated as a loop (writes refuse cycles; this guards hand edits).</summary>
    public const int MaxHops = 64;

    private static readonly Redirection[] NoRedirections = [];
    private static readonly string[] NoSuccessors = [];

    private readonly Dictionary<string, Entry> _organizations;
    private readonly Dictionary<string, string> _aliases;

    private RegistrySnapshot(Dictionary<string, Entry> organizations, Dictionary<string, string> aliases)
    {
        _organizations = organizations;
        _aliases = aliases;
    }

    public static RegistrySnapshot Empty { get; } = new(new(StringComparer.Ordinal), new(StringComparer.Ordinal));

    public int Count => _organizations.Count;

    /// <summary>Reads the registry inside <paramref name="transaction"/>.</summary>
    public static RegistrySnapshot Load(SqliteConnection connection, SqliteTransaction transaction)
    {
        var organizations = new Dictionary<string, Entry>(StringComparer.Ordinal);
        using (var command = RegistrySql.Command(connection, transaction, "SELECT code, enabled FROM organizations"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                organizations[reader.GetString(0)] = new Entry(reader.GetInt64(1) != 0);
        }

        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = RegistrySql.Command(connection, transaction, "SELECT alias, code FROM organization_aliases"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                aliases[reader.GetString(0)] = reader.GetString(1);
        }

        var edges = new Dictionary<string, List<Edge>>(StringComparer.Ordinal);
        using (var command = RegistrySql.Command(connection, transaction,
            "SELECT code, successor_code, effective_at FROM organization_successions ORDER BY code, successor_code"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var code = reader.GetString(0);
                if (!edges.TryGetValue(code, out var list))
                    edges[code] = list = [];
                list.Add(new Edge(reader.GetString(1), reader.GetInt64(2)));
            }
        }

        foreach (var (code, list) in edges)
        {
            if (organizations.TryGetValue(code, out var entry))
                organizations[code] = entry with { Successions = [.. list] };
        }

        return new RegistrySnapshot(organizations, aliases);
    }

    /// <summary>Resolves <paramref name="requested"/> at <paramref name="atMs"/> (Unix milliseconds); see <see cref="OrgRegistry.Resolve"/>.</summary>
    public RecipientResolution Resolve(string requested, long atMs)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var current = requested;
        if (!_organizations.TryGetValue(current, out var entry))
        {
            if (!_aliases.TryGetValue(requested, out var owner) || !_organizations.TryGetValue(owner, out entry))
                return Unknown(requested);
            current = owner;
        }

        List<Redirection>? hops = null;
        while (true)
        {
            var inEffect = 0;
            var next = default(Edge);
            foreach (var edge in entry.Successions)
            {
                if (edge.EffectiveAtMs <= atMs)
                {
                    inEffect++;
                    next = edge;
                }
            }

            if (inEffect == 0)
                break;
            if (inEffect > 1)
                return new RecipientResolution(ResolutionKind.Split, requested, current, Hops(hops), SuccessorsInEffect(entry, atMs));

            hops ??= [];
            if (hops.Count >= MaxHops || Visited(hops, current, next.Successor) || !_organizations.TryGetValue(next.Successor, out entry))
                return Unknown(requested);
            hops.Add(new Redirection(current, next.Successor, DateTimeOffset.FromUnixTimeMilliseconds(next.EffectiveAtMs)));
            current = next.Successor;
        }

        if (!entry.Enabled)
            return new RecipientResolution(ResolutionKind.Disabled, requested, current, Hops(hops), NoSuccessors);
        return hops is null
            ? new RecipientResolution(ResolutionKind.Deliverable, requested, current, NoRedirections, NoSuccessors)
            : new RecipientResolution(ResolutionKind.Redirected, requested, current, hops, NoSuccessors);
    }

    private static RecipientResolution Unknown(string requested) =>
        new(ResolutionKind.Unknown, requested, requested, NoRedirections, NoSuccessors);

    private static IReadOnlyList<Redirection> Hops(List<Redirection>? hops) => hops is null ? NoRedirections : hops;

    private static bool Visited(List<Redirection> hops, string current, string next)
    {
        if (string.Equals(next, current, StringComparison.Ordinal))
            return true;
        foreach (var hop in hops)
        {
            if (string.Equals(hop.From, next, StringComparison.Ordinal))
                return true;
        }

        return false;
    }

    private static string[] SuccessorsInEffect(Entry entry, long atMs)
    {
        // Edges are loaded in successor order, so the result is in ordinal order.
        var successors = new List<string>(entry.Successions.Length);
        foreach (var edge in entry.Successions)
        {
            if (edge.EffectiveAtMs <= atMs)
                successors.Add(edge.Successor);
        }

        return [.. successors];
    }

    private readonly record struct Edge(string Successor, long EffectiveAtMs);

    private readonly record struct Entry(bool Enabled)
    {
        public Edge[] Successions { get; init; } = [];
    }
}
