namespace Gateway.Registry;

/// <summary>What the registry says about a recipient code at a given instant.</summary>
internal enum ResolutionKind
{
    /// <summary>Neither an organisation's code nor an alias. Also the kind of <c>default</c>.</summary>
    Unknown = 0,

    /// <summary>An enabled organisation; deliver to <see cref="RecipientResolution.Code"/> (which differs from the requested code when that was an alias).</summary>
    Deliverable,

    /// <summary>Succeeded by another code in effect at that instant; deliver to the final <see cref="RecipientResolution.Code"/>.</summary>
    Redirected,

    /// <summary><see cref="RecipientResolution.Code"/> has several successors in effect (see <see cref="RecipientResolution.Successors"/>); nothing can be delivered.</summary>
    Split,

    /// <summary>The final organisation <see cref="RecipientResolution.Code"/> is disabled; nothing can be delivered.</summary>
    Disabled,
}

/// <summary>One succession followed while resolving: documents for <paramref name="From"/> go to <paramref name="To"/> since <paramref name="EffectiveAt"/>.</summary>
internal readonly record struct Redirection(string From, string To, DateTimeOffset EffectiveAt);

/// <summary>
/// The answer of <see cref="OrgRegistry.Resolve"/> for one requested recipient code.
/// </summary>
/// <param name="Kind">Whether and how the document can be delivered.</param>
/// <param name="Requested">The code the sender wrote.</param>
/// <param name="Code">
/// The final code: where to deliver for <see cref="ResolutionKind.Deliverable"/> and
/// <see cref="ResolutionKind.Redirected"/>; the code that was split for <see cref="ResolutionKind.Split"/>;
/// the disabled organisation for <see cref="ResolutionKind.Disabled"/>; the requested code for
/// <see cref="ResolutionKind.Unknown"/>. An alias is replaced by its organisation's code without a
/// redirection.
/// </param>
/// <param name="Redirections">The successions followed, in order (empty when none): for the trace and the receipt.</param>
/// <param name="Successors">For <see cref="ResolutionKind.Split"/>, the successors in effect (ordinal order); otherwise empty.</param>
internal readonly record struct RecipientResolution(
    ResolutionKind Kind,
    string Requested,
    string Code,
    IReadOnlyList<Redirection> Redirections,
    IReadOnlyList<string> Successors)
{
    /// <summary>True for <see cref="ResolutionKind.Deliverable"/> and <see cref="ResolutionKind.Redirected"/>.</summary>
    public bool IsDeliverable => Kind is ResolutionKind.Deliverable or ResolutionKind.Redirected;

    /// <summary>The instant the last redirection took effect, or null when the code was not redirected.</summary>
    public DateTimeOffset? RedirectEffectiveAt => Redirections is { Count: > 0 } hops ? hops[^1].EffectiveAt : null;
}
