using System.Globalization;
using System.Net;

namespace Gateway.Configuration;

/// <summary>
/// Parsers for the value shapes settings use. Each returns null on success or the reason the text is
/// not acceptable, written so that "KEY: reason" reads as one sentence.
/// </summary>
internal static class SettingParsers
{
    /// <summary>
    /// HOST:PORT where HOST is an IPv4 address, a bracketed IPv6 address, "localhost" (IPv4 loopback)
    /// or "*" (every interface). Port 0 asks the OS for a free port (tests use it).
    /// </summary>
    public static string? TryEndpoint(string text, out IPEndPoint? endpoint)
    {
        endpoint = null;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
            return $"'{text}' is not HOST:PORT (for example 127.0.0.1:7400)";

        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            return $"'{portText}' in '{text}' is not a port number 0-65535";

        IPAddress? address = host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" => IPAddress.Any,
            _ when host.StartsWith('[') && host.EndsWith(']') => ParseAddress(host[1..^1]),
            _ when host.Contains(':', StringComparison.Ordinal) => null, // IPv6 must be bracketed
            _ => ParseAddress(host),
        };
        if (address is null)
            return $"'{host}' in '{text}' is not an IP address, 'localhost' or '*' (IPv6 goes in brackets: [::1]:7400)";

        endpoint = new IPEndPoint(address, port);
        return null;
    }

    private static IPAddress? ParseAddress(string text) =>
        IPAddress.TryParse(text, out var address) ? address : null;

    /// <summary>A duration: 250ms, 30s, 5m, 2h, or a TimeSpan such as 00:00:30.</summary>
    public static string? TryDuration(string text, out TimeSpan value)
    {
        if (TimeSpan.TryParseExact(text.Trim(), "c", CultureInfo.InvariantCulture, out value))
            return null;

        var (number, unit) = SplitUnit(text);
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? parsed = unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => null,
            };
            if (parsed is { } ok)
            {
                value = ok;
                return null;
            }
        }

        return $"'{text}' is not a duration (for example 500ms, 30s, 5m or 00:00:30)";
    }

    /// <summary>A byte size: a whole number of bytes, optionally with KiB, MiB or GiB.</summary>
    public static string? TryByteSize(string text, out long value)
    {
        value = 0;
        var (number, unit) = SplitUnit(text);
        long multiplier = unit switch
        {
            "" => 1,
            "KiB" => 1024,
            "MiB" => 1024 * 1024,
            "GiB" => 1024L * 1024 * 1024,
            _ => 0,
        };
        if (multiplier == 0 || !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            return $"'{text}' is not a size (a number of bytes, optionally with KiB, MiB or GiB: 4MiB)";

        try
        {
            value = checked(amount * multiplier);
            return null;
        }
        catch (OverflowException)
        {
            return $"'{text}' is too large";
        }
    }

    private static (string Number, string Unit) SplitUnit(string text)
    {
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
            split++;
        return (trimmed[..split], trimmed[split..].Trim());
    }
}
