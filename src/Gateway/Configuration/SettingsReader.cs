using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace Gateway.Configuration;

/// <summary>
/// Reads typed settings from configuration, turning every bad value into a
/// <see cref="ConfigurationException"/> that names the key.
/// </summary>
internal sealed class SettingsReader(IConfiguration configuration)
{
    /// <summary>The raw value, or null when the key is absent.</summary>
    public string? Raw(string key) => configuration[key];

    public string String(string key, string fallback) => Raw(key) ?? fallback;

    public IPEndPoint? Endpoint(string key, string fallback)
    {
        var text = String(key, fallback).Trim();
        if (text.Length == 0)
            return null;
        var error = SettingParsers.TryEndpoint(text, out var endpoint);
        return error is null ? endpoint : throw new ConfigurationException(key, error);
    }

    public TimeSpan Duration(string key, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        if (Raw(key) is not { } text)
            return fallback;
        if (SettingParsers.TryDuration(text, out var value) is { } error)
            throw new ConfigurationException(key, error);
        if (value < min || value > max)
            throw new ConfigurationException(key, $"'{text}' is outside {Describe(min)}..{Describe(max)}");
        return value;
    }

    public long ByteSize(string key, long fallback, long min, long max)
    {
        if (Raw(key) is not { } text)
            return fallback;
        if (SettingParsers.TryByteSize(text, out var value) is { } error)
            throw new ConfigurationException(key, error);
        if (value < min || value > max)
            throw new ConfigurationException(key, $"'{text}' is outside {min}..{max} bytes");
        return value;
    }

    public int Int(string key, int fallback, int min, int max)
    {
        if (Raw(key) is not { } text)
            return fallback;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw new ConfigurationException(key, $"'{text}' is not a whole number");
        if (value < min || value > max)
            throw new ConfigurationException(key, $"{value} is outside {min}..{max}");
        return value;
    }

    public TEnum Enum<TEnum>(string key, TEnum fallback)
        where TEnum : struct, Enum
    {
        if (Raw(key) is not { } text)
            return fallback;
        // Names only: Enum.TryParse would also accept numbers, which would hide typos such as "1".
        foreach (var name in System.Enum.GetNames<TEnum>())
        {
            if (string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase))
                return System.Enum.Parse<TEnum>(name);
        }

        var allowed = string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
        throw new ConfigurationException(key, $"'{text}' is not one of: {allowed}");
    }

    private static string Describe(TimeSpan span) =>
        span.TotalSeconds >= 1 ? $"{span.TotalSeconds:0.###}s" : $"{span.TotalMilliseconds:0}ms";
}
