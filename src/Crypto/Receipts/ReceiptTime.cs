using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Gateway.Crypto.Receipts;

/// <summary>
/// Instants in receipt leaves are Unix milliseconds, the precision the gateway stores. A timestamp with
/// digits below the millisecond has no exact leaf form, so it is refused rather than silently rounded:
/// a verifier must be able to say that every digit a receipt shows was signed.
/// </summary>
internal static class ReceiptTime
{
    private const int NanosPerMillisecond = 1_000_000;
    private const int NanosPerSecond = 1_000_000_000;

    // The range protobuf allows for google.protobuf.Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    /// <summary>Whole Unix milliseconds of <paramref name="time"/>; false when it has sub-millisecond digits or is out of range.</summary>
    public static bool TryToUnixMilliseconds(Timestamp time, out long milliseconds)
    {
        milliseconds = 0;
        if (!IsValid(time) || time.Nanos % NanosPerMillisecond != 0)
            return false;
        // Nanos are never negative, so this is right before 1970 too.
        milliseconds = (time.Seconds * 1000) + (time.Nanos / NanosPerMillisecond);
        return true;
    }

    /// <summary>The same instant without its sub-millisecond digits (towards the past).</summary>
    public static Timestamp TruncateToMilliseconds(Timestamp time) =>
        new() { Seconds = time.Seconds, Nanos = time.Nanos - (time.Nanos % NanosPerMillisecond) };

    /// <summary>UTC to the millisecond, as the CLI prints times: 2026-01-02T03:04:05.678Z.</summary>
    public static string Format(long unixMilliseconds) =>
        unixMilliseconds is >= MinSeconds * 1000 and <= (MaxSeconds * 1000) + 999
            ? DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : $"{unixMilliseconds} ms from 1970 (outside the calendar)";

    /// <summary>A receipt's timestamp as given, to the nanosecond when it has such digits.</summary>
    public static string Format(Timestamp time)
    {
        if (TryToUnixMilliseconds(time, out var milliseconds))
            return Format(milliseconds);
        return IsValid(time)
            ? DateTimeOffset.FromUnixTimeSeconds(time.Seconds).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) +
              "." + time.Nanos.ToString("000000000", CultureInfo.InvariantCulture) + "Z"
            : $"an invalid timestamp ({time.Seconds} s, {time.Nanos} ns)";
    }

    private static bool IsValid(Timestamp time) =>
        time.Seconds is >= MinSeconds and <= MaxSeconds && time.Nanos is >= 0 and < NanosPerSecond;
}
