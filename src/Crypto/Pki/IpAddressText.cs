using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Gateway.Crypto.Pki;

/// <summary>
/// IP addresses as people write them: IPv4 as four decimal numbers, IPv6 with ':'. The shorthand
/// forms <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> also accepts ("10.1.2" is 10.1.0.2,
/// "1" is 0.0.0.1) are typos far more often than intent, and would put a wrong address in a certificate.
/// </summary>
public static class IpAddressText
{
    public static bool TryParse(string text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (text.Contains(':', StringComparison.Ordinal))
            return IPAddress.TryParse(text, out address);
        var parts = text.Split('.');
        if (parts.Length != 4 || !parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit)
                && int.Parse(p, CultureInfo.InvariantCulture) <= 255))
            return false;
        return IPAddress.TryParse(text, out address);
    }
}
