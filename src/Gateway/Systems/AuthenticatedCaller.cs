using System.Collections.Frozen;
using Grpc.Core;

namespace Gateway.Systems;

/// <summary>
/// The connected system that made the current call, as authenticated by its bearer token, and the
/// rule every service method applies with it: a system acts only for the organisation codes it is
/// registered for. Codes compare exactly (ordinal); normalise a code before asking about it.
/// </summary>
internal sealed record AuthenticatedCaller
{
    private readonly string[] _sorted;

    public AuthenticatedCaller(string systemName, IEnumerable<string> orgCodes)
    {
        SystemName = systemName;
        _sorted = [.. orgCodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        OrgCodes = _sorted.ToFrozenSet(StringComparer.Ordinal);
    }

    public string SystemName { get; }

    public IReadOnlySet<string> OrgCodes { get; }

    /// <summary>
    /// Throws PERMISSION_DENIED unless the system is registered for <paramref name="orgCode"/>.
    /// <paramref name="action"/> completes "system 'X' may not ... for organisation 'CODE'", e.g. "send".
    /// </summary>
    public void RequireOrg(string orgCode, string action)
    {
        if (!OrgCodes.Contains(orgCode))
            throw Denied([orgCode], action);
    }

    /// <summary>
    /// The codes a call acts for: all of the system's own when <paramref name="requested"/> is empty,
    /// else the requested ones (de-duplicated, in order), each of which must be its own; any that is not
    /// fails the call with PERMISSION_DENIED naming every such code.
    /// </summary>
    public IReadOnlyList<string> SelectOrgs(IReadOnlyList<string> requested, string action)
    {
        if (requested.Count == 0)
            return _sorted;
        var selected = requested.Distinct(StringComparer.Ordinal).ToArray();
        var foreign = selected.Where(code => !OrgCodes.Contains(code)).ToArray();
        if (foreign.Length > 0)
            throw Denied(foreign, action);
        return selected;
    }

    private RpcException Denied(string[] codes, string action)
    {
        var what = codes.Length == 1
            ? $"organisation '{codes[0]}'"
            : "organisations " + string.Join(", ", codes.Select(c => $"'{c}'"));
        return new RpcException(new Status(StatusCode.PermissionDenied,
            $"system '{SystemName}' may not {action} for {what} (it is registered for: {string.Join(", ", _sorted)})"));
    }

    public bool Equals(AuthenticatedCaller? other) =>
        other is not null && string.Equals(SystemName, other.SystemName, StringComparison.Ordinal) && _sorted.SequenceEqual(other._sorted);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(SystemName);
}
