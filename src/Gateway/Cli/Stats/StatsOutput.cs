using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.Cli.Stats;

/// <summary>Renders a <see cref="StatsView"/> as a screen for people or one JSON object for scripts.</summary>
internal static class StatsOutput
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Text(StatsView view, Uri source, DateTimeOffset at)
    {
        var now = view.Now;
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"axis gateway  {source}  {at:yyyy-MM-dd HH:mm:ss}Z  (rates over {view.Seconds:0.0} s)");
        text.AppendLine(Invariant, $"signatures required: {YesNo(now.SignaturesRequired)}   trust cache hits: {Percent(now.TrustCacheHitRatio)}   Exchange streams: {now.Subscribers:0}");
        text.AppendLine();
        text.AppendLine(Invariant, $"per second   accepted {Count(view.AcceptedPerSecond)}   delivered {Count(view.DeliveredPerSecond)}   acked {Count(view.AckedPerSecond)}   nacked {Count(view.NackedPerSecond)}   dead-lettered {Count(view.DeadLetteredPerSecond)}   refused {Count(view.RefusedPerSecond)}");
        text.AppendLine(Invariant, $"payload      in {Bytes(view.BytesInPerSecond)}/s   out {Bytes(view.BytesOutPerSecond)}/s");
        text.AppendLine(Invariant, $"send         p50 {Millis(view.SendP50Ms)}   p99 {Millis(view.SendP99Ms)}   group commit {(view.AverageBatch is { } b ? b.ToString("0.0", Invariant) + " documents/batch" : "-")}");
        text.AppendLine(Invariant, $"pipeline     verify queue {now.VerifyQueued:0}   persist queue {now.PersistQueued:0}");
        text.AppendLine();
        text.AppendLine("documents not yet acknowledged   queued     leased");
        for (var lane = 0; lane < StatsSnapshot.Lanes.Length; lane++)
            text.AppendLine(Invariant, $"  {StatsSnapshot.Lanes[lane],-30}{Count(now.Documents[lane, 0]),8} {Count(now.Documents[lane, 1]),10}");
        text.AppendLine(Invariant, $"status notices waiting {Count(now.StatusNotices)}   oldest undelivered {now.OldestAgeSeconds:0.0} s   dead letters {Count(now.DeadLetters)}");
        return text.ToString();
    }

    public static string Json(StatsView view, Uri source, DateTimeOffset at)
    {
        var now = view.Now;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteString("source", source.ToString());
            w.WriteString("at", at);
            w.WriteNumber("intervalSeconds", Math.Round(view.Seconds, 3));
            w.WriteStartObject("perSecond");
            w.WriteNumber("accepted", Round(view.AcceptedPerSecond));
            w.WriteNumber("delivered", Round(view.DeliveredPerSecond));
            w.WriteNumber("acked", Round(view.AckedPerSecond));
            w.WriteNumber("nacked", Round(view.NackedPerSecond));
            w.WriteNumber("deadLettered", Round(view.DeadLetteredPerSecond));
            w.WriteNumber("refused", Round(view.RefusedPerSecond));
            w.WriteNumber("bytesIn", Round(view.BytesInPerSecond));
            w.WriteNumber("bytesOut", Round(view.BytesOutPerSecond));
            w.WriteEndObject();
            w.WriteStartObject("totals");
            w.WriteNumber("accepted", now.Accepted);
            w.WriteNumber("delivered", now.Delivered);
            w.WriteNumber("acked", now.Acked);
            w.WriteNumber("nacked", now.Nacked);
            w.WriteNumber("deadLettered", now.DeadLettered);
            w.WriteNumber("refused", now.Refused);
            w.WriteEndObject();
            WriteOptional(w, "sendP50Ms", view.SendP50Ms);
            WriteOptional(w, "sendP99Ms", view.SendP99Ms);
            WriteOptional(w, "documentsPerCommit", view.AverageBatch);
            w.WriteStartObject("queues");
            for (var lane = 0; lane < StatsSnapshot.Lanes.Length; lane++)
            {
                w.WriteStartObject(StatsSnapshot.Lanes[lane]);
                w.WriteNumber("queued", now.Documents[lane, 0]);
                w.WriteNumber("leased", now.Documents[lane, 1]);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteNumber("statusNoticesWaiting", now.StatusNotices);
            w.WriteNumber("oldestUndeliveredSeconds", Math.Round(now.OldestAgeSeconds, 3));
            w.WriteNumber("deadLetters", now.DeadLetters);
            w.WriteNumber("exchangeStreams", now.Subscribers);
            w.WriteNumber("verifyQueue", now.VerifyQueued);
            w.WriteNumber("persistQueue", now.PersistQueued);
            if (now.SignaturesRequired is { } required)
                w.WriteBoolean("signaturesRequired", required);
            WriteOptional(w, "trustCacheHitRatio", now.TrustCacheHitRatio);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
            w.WriteNumber(name, Math.Round(v, 3));
        else
            w.WriteNull(name);
    }

    private static double Round(double value) => Math.Round(value, 1);

    private static string Count(double value) => value.ToString(value < 10 && value % 1 != 0 ? "0.0" : "#,0", Invariant);

    private static string Millis(double? value) => value is { } v ? v.ToString("0.0", Invariant) + " ms" : "-";

    private static string Percent(double? ratio) => ratio is { } r ? (r * 100).ToString("0.0", Invariant) + " %" : "-";

    private static string YesNo(bool? value) => value switch { true => "yes", false => "NO (unsigned documents accepted)", null => "-" };

    private static string Bytes(double perSecond) => perSecond switch
    {
        >= 1024 * 1024 => (perSecond / (1024 * 1024)).ToString("0.0", Invariant) + " MiB",
        >= 1024 => (perSecond / 1024).ToString("0.0", Invariant) + " KiB",
        _ => perSecond.ToString("0", Invariant) + " B",
    };
}
