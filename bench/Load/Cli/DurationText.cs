using System.Globalization;

namespace Gateway.Load.Cli;

/// <summary>Durations on the command line: 10s, 500ms, 2m, or a number of seconds.</summary>
internal static class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        text = text.Trim();
        var (number, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ => (text, 1.0),
        };
        var ok = double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0;
        duration = ok ? TimeSpan.FromSeconds(value * scale) : TimeSpan.Zero;
        return ok;
    }
}
