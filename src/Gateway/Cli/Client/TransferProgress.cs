using System.Diagnostics;
using System.Globalization;

namespace Gateway.Cli.Client;

/// <summary>
/// The one-line progress display of a large transfer (Upload in `gateway send`, Fetch in `gateway
/// receive`): <c>sending cv.pdf: 12.0 / 40.0 MB (30%), 25.1 MB/s</c>, redrawn in place on stderr at
/// most <see cref="MaxRedrawsPerSecond"/> times a second and ended with a newline. It shows only for
/// transfers over <see cref="MinBytes"/> when stderr is a terminal and --no-progress is not given:
/// scripts and pipes see nothing extra, and stdout (--json) is never touched.
/// </summary>
internal sealed class TransferProgress
{
    /// <summary>Transfers up to this size finish too quickly to need a display.</summary>
    public const long MinBytes = 4L << 20;

    public const int MaxRedrawsPerSecond = 10;

    private const double Megabyte = 1_000_000;
    private static readonly long RedrawTicks = Stopwatch.Frequency / MaxRedrawsPerSecond;

    private readonly TextWriter? _output;
    private readonly string _label;
    private readonly long _total;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastDrawn;
    private int _lastLength;
    private bool _finished;

    private TransferProgress(TextWriter? output, string label, long total)
    {
        _output = output;
        _label = label;
        _total = total;
    }

    /// <summary>A display that draws nothing.</summary>
    public static TransferProgress None { get; } = new(null, "", 0);

    /// <summary>A display for <paramref name="total"/> bytes, or <see cref="None"/> when it should not show.</summary>
    public static TransferProgress Start(bool enabled, string label, long total) =>
        enabled && total > MinBytes && !Console.IsErrorRedirected ? new TransferProgress(Console.Error, label, total) : None;

    /// <summary>Records that <paramref name="done"/> bytes of the total are through; redraws if it is time.</summary>
    public void Report(long done)
    {
        if (_output is null || _finished)
            return;
        var now = Stopwatch.GetTimestamp();
        if (_lastDrawn != 0 && now - _lastDrawn < RedrawTicks)
            return;
        _lastDrawn = now;
        Draw(done, now);
    }

    /// <summary>Draws the last state and ends the line; <paramref name="done"/> is where the transfer stopped.</summary>
    public void Finish(long done)
    {
        if (_output is null || _finished)
            return;
        _finished = true;
        Draw(done, Stopwatch.GetTimestamp());
        _output.WriteLine();
        _output.Flush();
    }

    /// <summary>The text of one redraw (without the carriage return), e.g. for a given elapsed time.</summary>
    public static string Line(string label, long done, long total, TimeSpan elapsed)
    {
        var percent = total > 0 ? Math.Min(100, done * 100 / total) : 100;
        var rate = elapsed.TotalSeconds > 0 ? done / Megabyte / elapsed.TotalSeconds : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"{label}: {done / Megabyte:0.0} / {total / Megabyte:0.0} MB ({percent}%), {rate:0.0} MB/s");
    }

    private void Draw(long done, long now)
    {
        var text = Line(_label, done, _total, Stopwatch.GetElapsedTime(_started, now));
        // Pad over what the previous, longer line left on screen.
        var padding = Math.Max(0, _lastLength - text.Length);
        _lastLength = text.Length;
        _output!.Write('\r' + text + new string(' ', padding));
        _output.Flush();
    }
}
