namespace Gateway.Pipeline;

/// <summary>
/// Where one copy of a document goes: the code it is delivered to, the code the sender wrote, and when
/// the succession that redirected it took effect (null when not redirected).
/// </summary>
internal readonly record struct DeliveryTarget(string Recipient, string Requested, DateTimeOffset? RedirectEffectiveAt);
