using System.Globalization;

namespace Gateway.Bench.Report;

/// <summary>
/// Every number the report prints goes through here: invariant culture, so the document is the same
/// whatever the machine's locale, and a fixed number of significant digits per kind of quantity.
/// </summary>
internal static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Messages per second: whole numbers with thousands separators, decimals only when small.</summary>
    public static string Rate(double perSecond) => perSecond switch
    {
        >= 100 => perSecond.ToString("N0", Invariant),
        >= 10 => perSecond.ToString("N1", Invariant),
        _ => perSecond.ToString("N2", Invariant),
    };

    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>Milliseconds with three significant digits (0.412, 12.3, 1,234).</summary>
    public static string Ms(double ms) => ms switch
    {
        >= 1000 => ms.ToString("N0", Invariant),
        >= 100 => ms.ToString("F0", Invariant),
        >= 10 => ms.ToString("F1", Invariant),
        >= 1 => ms.ToString("F2", Invariant),
        _ => ms.ToString("F3", Invariant),
    };

    /// <summary>A BenchmarkDotNet time in nanoseconds, in the unit BenchmarkDotNet itself would pick.</summary>
    public static string Nanoseconds(double ns) => ns switch
    {
        >= 1e9 => (ns / 1e9).ToString("N2", Invariant) + " s",
        >= 1e6 => (ns / 1e6).ToString("N2", Invariant) + " ms",
        >= 1e3 => (ns / 1e3).ToString("N2", Invariant) + " µs",
        _ => ns.ToString("N2", Invariant) + " ns",
    };

    public static string Bytes(double bytes) => bytes.ToString("N0", Invariant) + " B";

    public static string Ratio(double ratio) => ratio.ToString("N2", Invariant);

    /// <summary>The time of day of a timestamp, as UTC.</summary>
    public static string UtcTime(DateTimeOffset time) => time.ToUniversalTime().ToString("HH:mm 'UTC'", Invariant);

    /// <summary>Any other measured value (scenario results, targets): up to four significant digits.</summary>
    public static string Value(double value) => Math.Abs(value) switch
    {
        >= 1000 => value.ToString("N0", Invariant),
        >= 100 => value.ToString("F1", Invariant),
        >= 1 => value.ToString("F2", Invariant),
        0 => "0",
        _ => value.ToString("G3", Invariant),
    };

    public static string Number(double value, string format) => value.ToString(format, Invariant);

    public static string Integer(int value) => value.ToString(Invariant);

    /// <summary>A timestamp as UTC, to the minute: what a reader needs to tell runs apart.</summary>
    public static string Utc(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant);

    public static string Date(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd", Invariant);

    /// <summary>A table cell: pipes escaped, line breaks folded, so free text cannot break the table.</summary>
    public static string Cell(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? ""
            : text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal).Trim();

    /// <summary>Inline code that survives backticks in the text.</summary>
    public static string Code(string text) =>
        text.Contains('`', StringComparison.Ordinal) ? $"`` {text} ``" : $"`{text}`";
}
