using Gateway.Pipeline;
using Gateway.Registry;

namespace Gateway.Exchange.Send;

/// <summary>
/// Turns the registry's answers for a document's recipients into delivery targets, or refuses the
/// send naming every code at fault: unknown codes (NOT_FOUND, all listed), codes split among several
/// successors, and disabled organisations (FAILED_PRECONDITION).
/// </summary>
internal static class RecipientTargets
{
    private const int MaxListed = 50;

    public static IReadOnlyList<DeliveryTarget> From(IReadOnlyList<RecipientResolution> resolutions)
    {
        var unknown = resolutions.Where(r => r.Kind == ResolutionKind.Unknown).Select(r => r.Requested).ToList();
        if (unknown.Count > 0)
            throw RpcErrors.NotFound($"header.recipients: {unknown.Count} of {resolutions.Count} codes are not in the registry: {List(unknown)}; nothing was stored");

        foreach (var split in resolutions.Where(r => r.Kind == ResolutionKind.Split))
        {
            var via = split.Code == split.Requested ? "" : $" (which '{split.Requested}' leads to)";
            throw RpcErrors.FailedPrecondition(
                $"header.recipients: '{split.Code}'{via} was split among {string.Join(", ", split.Successors)}; address the successor that should receive it");
        }

        var disabled = resolutions.Where(r => r.Kind == ResolutionKind.Disabled).Select(r => r.Code).Distinct(StringComparer.Ordinal).ToList();
        if (disabled.Count > 0)
            throw RpcErrors.FailedPrecondition($"header.recipients: disabled organisations receive nothing: {List(disabled)}");

        // Two written codes may lead to one organisation (an alias and its code, or an old code and its
        // successor): it receives one copy, under the first code written.
        var seen = new HashSet<string>(resolutions.Count, StringComparer.Ordinal);
        var targets = new List<DeliveryTarget>(resolutions.Count);
        foreach (var resolution in resolutions)
        {
            if (seen.Add(resolution.Code))
                targets.Add(new DeliveryTarget(resolution.Code, resolution.Requested, resolution.RedirectEffectiveAt));
        }

        return targets;
    }

    private static string List(List<string> codes) =>
        codes.Count <= MaxListed ? string.Join(", ", codes) : $"{string.Join(", ", codes.Take(MaxListed))} and {codes.Count - MaxListed} more";
}
