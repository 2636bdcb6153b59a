using System.Globalization;

namespace Gateway.Load.Scenarios.Restart;

/// <summary>
/// Where a start's time went, from the gateway's own log at Information level: the harness writes a
/// "# timestamp command" line just before it starts the process (ChildProcess), and the gateway stamps
/// each line to the millisecond, so each start-up milestone gets its offset from process start.
/// </summary>
internal static class StartupLog
{
    /// <summary>A milestone's key in the results and the text that marks its line.</summary>
    private static readonly (string Key, string Marker)[] Marks =
    [
        ("logStartingS", "Gateway.Hosting.DaemonLifecycle: Gateway "),
        ("logListeningS", "Listening for gRPC on"),
        ("logStoreOpenS", " open at schema version "),
        ("logServingS", "Serving: health is SERVING"),
    ];

    /// <summary>Seconds from process start to each milestone of the last start in the log; missing ones are left out.</summary>
    public static Dictionary<string, double> Milestones(string logPath)
    {
        var found = new Dictionary<string, double>(StringComparer.Ordinal);
        DateTimeOffset? launched = null;
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                // A new start: the milestones of an earlier one no longer count.
                var end = line.IndexOf(' ', 2);
                launched = DateTimeOffset.TryParse(line.AsSpan(2, Math.Max(0, end - 2)), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;
                found.Clear();
                continue;
            }

            // "2026-11-23 16:28:57.587 +00:00 [INF] Category: message"
            if (launched is null || line.Length < 30
                || !DateTimeOffset.TryParseExact(line.AsSpan(0, 30), "yyyy-MM-dd HH:mm:ss.fff zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp))
                continue;
            foreach (var (key, marker) in Marks)
            {
                if (!found.ContainsKey(key) && line.Contains(marker, StringComparison.Ordinal))
                    found[key] = Math.Round((stamp - launched.Value).TotalSeconds, 3);
            }
        }

        return found;
    }
}
