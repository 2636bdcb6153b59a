using System.Collections.Frozen;
using Grpc.Core;

namespace Gateway.Systems;

/// <summary>
/// The connected system that made the current call, as authenticated by its bearer token or client
/// certificate, and the rule every service method applies with it: a system acts only for the
/// organisation codes it is registered for, and, when its client certificate carries organisation
/// codes, only for those of them it is registered for. Codes compare exactly (ordinal); normalise a
/// code before asking about it.
/// </summary>
internal sealed record AuthenticatedCaller
{
    private readonly string[] _registered;
    private readonly FrozenSet<string> _registeredSet;
    private readonly string[] _sorted;

    public AuthenticatedCaller(string systemName, IEnumerable<string> orgCodes, CertificateLimit? certificate = null)
    {
        SystemName = systemName;
        _registered = [.. orgCodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        _registeredSet = _registered.ToFrozenSet(StringComparer.Ordinal);
        // A certificate that carries no code says nothing about organisations: it limits nothing.
        Certificate = certificate is { OrgCodes.Count: > 0 } ? certificate : null;
        _sorted = Certificate is { } limit
            ? [.. _registered.Where(code => limit.OrgCodes.Contains(code, StringComparer.Ordinal))]
            : _registered;
        OrgCodes = _sorted.ToFrozenSet(StringComparer.Ordinal);
    }

    public string SystemName { get; }

    /// <summary>The codes this call may act for: the system's, limited by its certificate's when it carries some.</summary>
    public IReadOnlySet<string> OrgCodes { get; }

    /// <summary>The client certificate that limits <see cref="OrgCodes"/>, or null when none does.</summary>
    public CertificateLimit? Certificate { get; }

    /// <summary>
    /// Throws PERMISSION_DENIED unless the call may act for <paramref name="orgCode"/>.
    /// <paramref name="action"/> completes "system 'X' may not ... for organisation 'CODE'", e.g. "send".
    /// </summary>
    public void RequireOrg(string orgCode, string action)
    {
        if (!OrgCodes.Contains(orgCode))
            throw Denied([orgCode], action);
    }

    /// <summary>
    /// The codes a call acts for: all of <see cref="OrgCodes"/> when <paramref name="requested"/> is
    /// empty, else the requested ones (de-duplicated, in order), each of which must be among them; any
    /// that is not fails the call with PERMISSION_DENIED naming every such code.
    /// </summary>
    public IReadOnlyList<string> SelectOrgs(IReadOnlyList<string> requested, string action)
    {
        if (requested.Count == 0)
            return _sorted.Length > 0 ? _sorted : throw LimitedByCertificate("any organisation", action);
        var selected = requested.Distinct(StringComparer.Ordinal).ToArray();
        var foreign = selected.Where(code => !OrgCodes.Contains(code)).ToArray();
        if (foreign.Length > 0)
            throw Denied(foreign, action);
        return selected;
    }

    /// <summary>
    /// Codes the system is not registered for are named as such; codes it is registered for but its
    /// certificate does not carry are named with what the certificate carries.
    /// </summary>
    private RpcException Denied(string[] codes, string action)
    {
        var unregistered = codes.Where(code => !_registeredSet.Contains(code)).ToArray();
        if (unregistered.Length == 0)
            return LimitedByCertificate(Organisations(codes), action);
        return new RpcException(new Status(StatusCode.PermissionDenied,
            $"system '{SystemName}' may not {action} for {Organisations(unregistered)} (it is registered for: {string.Join(", ", _registered)})"));
    }

    private RpcException LimitedByCertificate(string what, string action)
    {
        var limit = Certificate!;
        var both = _sorted.Length == 0 ? "none" : string.Join(", ", _sorted);
        return new RpcException(new Status(StatusCode.PermissionDenied,
            $"system '{SystemName}' may not {action} for {what} with client certificate \"{limit.Subject}\": the certificate carries " +
            $"{string.Join(", ", limit.OrgCodes)} (organizationIdentifier), and a certificate that carries organisation codes limits " +
            $"its system to the codes both have ({both})"));
    }

    private static string Organisations(string[] codes) => codes.Length == 1
        ? $"organisation '{codes[0]}'"
        : "organisations " + string.Join(", ", codes.Select(c => $"'{c}'"));

    public bool Equals(AuthenticatedCaller? other) =>
        other is not null && string.Equals(SystemName, other.SystemName, StringComparison.Ordinal) && _sorted.SequenceEqual(other._sorted);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(SystemName);
}
