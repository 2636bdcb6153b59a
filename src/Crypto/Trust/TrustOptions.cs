namespace Gateway.Crypto.Trust;

/// <summary>How certificates are judged.</summary>
public sealed record TrustOptions
{
    public RevocationPolicy Revocation { get; init; } = RevocationPolicy.HardFail;

    /// <summary>Longest wait for one CRL download or OCSP answer.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a failed CRL or OCSP fetch is remembered before it is tried again, so a dead
    /// responder is not asked once per document.
    /// </summary>
    public TimeSpan FailureBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an OCSP answer or CRL without a nextUpdate is trusted.</summary>
    public TimeSpan DefaultFreshness { get; init; } = TimeSpan.FromHours(1);
}
