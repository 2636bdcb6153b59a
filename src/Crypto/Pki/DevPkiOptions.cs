namespace Gateway.Crypto.Pki;

/// <summary>How <see cref="DevPki.Init"/> makes the root CA.</summary>
public sealed record DevPkiOptions
{
    public const string DefaultName = "Dev Root CA";

    /// <summary>Where <c>gateway pki serve-crl</c> publishes the CRL when started without options.</summary>
    public const string DefaultCrlUrl = "http://127.0.0.1:7480/root.crl";

    /// <summary>Ten years: a development root should outlive every certificate issued under it.</summary>
    public const int DefaultValidityDays = 3650;

    /// <summary>Common name of the root CA.</summary>
    public string Name { get; init; } = DefaultName;

    /// <summary>
    /// The CRL distribution point written into every certificate issued under the root: an absolute
    /// http:// or https:// URL.
    /// </summary>
    public string CrlUrl { get; init; } = DefaultCrlUrl;

    public KeyKind KeyKind { get; init; } = KeyKind.EcdsaP256;

    public int ValidityDays { get; init; } = DefaultValidityDays;
}
