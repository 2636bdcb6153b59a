namespace Gateway.Registry;

/// <summary>
/// An organisation of the registry: the holder of an organisation identifier code.
/// </summary>
/// <param name="Code">Its code, exactly as imported (strict QĐ 20/2020 form, or a tolerant form).</param>
/// <param name="Name">Its name, kept exactly as given (no Unicode normalisation, no trimming).</param>
/// <param name="ParentCode">The organisation it reports to, when known.</param>
/// <param name="Enabled">False when documents may no longer be delivered to it.</param>
/// <param name="Aliases">Other codes that mean the same organisation, e.g. its legacy QCVN 102 code.</param>
internal sealed record Organization(string Code, string Name, string? ParentCode, bool Enabled, IReadOnlyList<string> Aliases)
{
    /// <summary>
    /// The codes that succeed this one, with the instant each takes effect. Filled by
    /// <see cref="OrgRegistry.Get"/> and <see cref="OrgRegistry.List"/>; <see cref="OrgRegistry.Import"/>
    /// ignores it (successions are recorded with <see cref="OrgRegistry.Succeed"/>).
    /// </summary>
    public IReadOnlyList<Succession> Successions { get; init; } = [];
}

/// <summary>From <paramref name="EffectiveAt"/> on, documents for the organisation go to <paramref name="SuccessorCode"/>.</summary>
internal readonly record struct Succession(string SuccessorCode, DateTimeOffset EffectiveAt);
