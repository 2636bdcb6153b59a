using System.CommandLine;
using System.Net;
using Gateway.Crypto.Pki;

namespace Gateway.Cli.Pki;

/// <summary>The options `gateway pki` commands share, and how their values become the PKI's inputs.</summary>
internal static class PkiOptions
{
    public const string DefaultDirectory = "./pki";

    public static Option<string> Directory() => new("--dir")
    {
        HelpName = "DIR",
        Description = "Directory of the development PKI.",
        DefaultValueFactory = _ => DefaultDirectory,
    };

    public static Option<bool> Json(string what) => new("--json") { Description = $"Print {what} as a JSON object." };

    public static Option<string?> KeyType() => new("--key-type")
    {
        HelpName = KeyKindNames.All,
        Description = "Key type of the new key pair (default ecdsa-p256).",
    };

    public static Option<int> Days(int defaultDays, string note) => new("--days")
    {
        HelpName = "N",
        Description = $"Days the certificate is valid{note}.",
        DefaultValueFactory = _ => defaultDays,
    };

    public static Option<string?> Name(string description) => new("--name") { HelpName = "NAME", Description = description };

    public static KeyKind KeyKindOf(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { } name ? KeyKindNames.Parse(name) : KeyKind.EcdsaP256;

    public static IssueOptions IssueOptionsOf(ParseResult parse, Option<string?> name, Option<string?> keyType, Option<int> days) => new()
    {
        CommonName = parse.GetValue(name),
        KeyKind = KeyKindOf(parse, keyType),
        ValidityDays = parse.GetValue(days),
    };

    public static IReadOnlyList<IPAddress> AddressesOf(IEnumerable<string> texts) =>
    [
        .. texts.Select(text => IpAddressText.TryParse(text, out var address)
            ? address
            : throw new PkiException(PkiFailure.InvalidInput, $"--ip: '{text}' is not an IP address")),
    ];
}
