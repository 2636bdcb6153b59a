using Gateway.Protocol.Organizations;

namespace Gateway.Crypto.Pki;

/// <summary>
/// Checks of what a caller hands the development PKI. Each failure is a <see cref="PkiException"/>
/// (<see cref="PkiFailure.InvalidInput"/>) whose message quotes the value and says what was expected.
/// </summary>
internal static class PkiChecks
{
    /// <summary>X.520's upper bound for a common name.</summary>
    public const int MaxCommonNameLength = 64;

    /// <summary>About a century: enough for any test, and far from the dates X.509 cannot encode.</summary>
    public const int MaxValidityDays = 36500;

    /// <summary>Longest system name, as for connected systems in the gateway.</summary>
    public const int MaxFileNameLength = 64;

    public static void CommonName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxCommonNameLength)
            throw Invalid($"name '{name}' must be 1 to {MaxCommonNameLength} characters and not blank");
        if (name.Any(char.IsControl))
            throw Invalid($"name '{name}' has a control character");
    }

    public static void ValidityDays(int days)
    {
        if (days is < 1 or > MaxValidityDays)
            throw Invalid($"days {days} is out of range: a certificate must be valid for 1 to {MaxValidityDays} days");
    }

    public static void DefinedKeyKind(KeyKind kind)
    {
        if (!Enum.IsDefined(kind))
            throw Invalid($"key kind {(int)kind} is not one of {KeyKindNames.All}");
    }

    public static Uri CrlUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw Invalid($"CRL URL '{url}' is not an absolute http:// or https:// URL");
        return uri;
    }

    /// <summary>A standard organisation code (CCC.BB.AA.Xnn), the form certificates carry.</summary>
    public static string StandardOrgCode(string code)
    {
        try
        {
            return OrgCode.Parse(code).ToString();
        }
        catch (FormatException ex)
        {
            throw Invalid(ex.Message);
        }
    }

    /// <summary>At least one code, each standard, none twice; in the order given.</summary>
    public static IReadOnlyList<string> OrgCodes(IEnumerable<string> codes)
    {
        var checkedCodes = new List<string>();
        foreach (var code in codes)
        {
            var parsed = StandardOrgCode(code);
            if (checkedCodes.Contains(parsed, StringComparer.Ordinal))
                throw Invalid($"org code '{parsed}' is given twice");
            checkedCodes.Add(parsed);
        }

        return checkedCodes.Count > 0 ? checkedCodes : throw Invalid("a system certificate needs at least one org code");
    }

    /// <summary>
    /// A name that becomes a file name as it is: letters, digits, '.', '_' and '-', not starting with
    /// '.' (so never '.', '..' or a hidden file).
    /// </summary>
    public static void FileName(string name, string what)
    {
        if (name.Length is 0 or > MaxFileNameLength)
            throw Invalid($"{what} '{name}' must be 1 to {MaxFileNameLength} characters");
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
                throw Invalid($"{what} '{name}' has the character '{c}'; use only letters A-Z a-z, digits, '.', '_' and '-'");
        }

        if (name[0] == '.')
            throw Invalid($"{what} '{name}' starts with '.'");
    }

    /// <summary>
    /// A DNS host name (labels of letters, digits and '-', not starting or ending with '-') or an IP
    /// address. Wildcards are refused: a development gateway has one name.
    /// </summary>
    public static void Host(string host)
    {
        if (IpAddressText.TryParse(host, out _))
            return;
        if (host.Length is 0 or > 253)
            throw Invalid($"host '{host}' must be 1 to 253 characters");
        var labels = host.Split('.');
        if (labels[^1].Length > 0 && labels[^1].All(char.IsAsciiDigit))
        {
            // No top-level domain is all digits: this is a mistyped address, not a name.
            throw Invalid($"host '{host}' is not an IP address (four numbers 0-255, or IPv6) and, ending in digits, not a DNS name either");
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                throw Invalid(
                    $"host '{host}' is not a DNS name or IP address (labels of 1 to 63 letters, digits and '-', separated by '.')");
            }
        }
    }

    /// <summary>A serial in hex as printed by the PKI or openssl (case and ':' separators ignored), in upper case.</summary>
    public static string Serial(string serial)
    {
        var hex = serial.Replace(":", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (hex.Length == 0 || !hex.All(char.IsAsciiHexDigit))
            throw Invalid($"serial '{serial}' is not a hexadecimal serial number");
        return hex;
    }

    private static PkiException Invalid(string message) => new(PkiFailure.InvalidInput, message);
}
