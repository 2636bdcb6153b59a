namespace Gateway.Crypto.Pki;

/// <summary>Common choices for a certificate issued by <see cref="DevPki"/>.</summary>
public sealed record IssueOptions
{
    /// <summary>One year; a certificate never outlives the root, whatever is asked.</summary>
    public const int DefaultValidityDays = 365;

    /// <summary>Common name of the subject; null for the default (the org code, host or system name).</summary>
    public string? CommonName { get; init; }

    public KeyKind KeyKind { get; init; } = KeyKind.EcdsaP256;

    public int ValidityDays { get; init; } = DefaultValidityDays;
}
