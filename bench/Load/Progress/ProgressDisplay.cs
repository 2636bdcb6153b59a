using System.Diagnostics;
using System.Globalization;
using Gateway.Load.Measurement;

namespace Gateway.Load.Progress;

/// <summary>
/// What the harness is doing, on stderr: on a terminal one line rewritten twice a second (phase,
/// elapsed time, current send and completion rates, messages outstanding); redirected, a plain line per
/// phase and every five seconds, so a CI log stays readable.
/// </summary>
internal sealed class ProgressDisplay : IAsyncDisposable
{
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private string _phase = "starting";
    private Stopwatch _phaseClock = Stopwatch.StartNew();
    private RunRecorder? _recorder;
    private (long Sent, long Completed, long At) _last;
    private int _width;

    public ProgressDisplay() => _loop = RefreshAsync();

    /// <summary>A new phase; with a recorder, its rates are shown until the next phase.</summary>
    public void Phase(string phase, RunRecorder? recorder = null)
    {
        lock (_lock)
        {
            _phase = phase;
            _phaseClock = Stopwatch.StartNew();
            _recorder = recorder;
            // Rates start from the totals now, or the first refresh would count everything before this phase.
            _last = (recorder?.SentTotal ?? 0, recorder?.CompletedTotal ?? 0, Clock.Now);
            if (!_terminal)
                Console.Error.WriteLine($"[{Elapsed(_total)}] {phase}");
        }
    }

    /// <summary>A line that stays (a finished run's summary, a warning).</summary>
    public void Line(string text)
    {
        lock (_lock)
        {
            Clear();
            Console.Error.WriteLine(text);
        }
    }

    private async Task RefreshAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                ticks++;
                lock (_lock)
                {
                    var status = Status();
                    if (_terminal)
                    {
                        Clear();
                        var line = status.Length < Console.WindowWidth ? status : status[..Math.Max(0, Console.WindowWidth - 1)];
                        Console.Error.Write(line);
                        _width = line.Length;
                    }
                    else if (ticks % 10 == 0 && _recorder is not null)
                    {
                        Console.Error.WriteLine($"[{Elapsed(_total)}] {status}");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string Status()
    {
        var text = $"{_phase}  {_phaseClock.Elapsed.TotalSeconds:0.0}s";
        if (_recorder is not { } recorder)
            return text;
        var now = Clock.Now;
        var (sent, completed) = (recorder.SentTotal, recorder.CompletedTotal);
        var seconds = Math.Max(Clock.ToSeconds(now - _last.At), 1e-3);
        var rates = string.Create(CultureInfo.InvariantCulture,
            $"  sent {(sent - _last.Sent) / seconds:0}/s  completed {(completed - _last.Completed) / seconds:0}/s  outstanding {recorder.Outstanding}");
        _last = (sent, completed, now);
        return text + rates;
    }

    private void Clear()
    {
        if (!_terminal || _width == 0)
            return;
        Console.Error.Write('\r' + new string(' ', _width) + '\r');
        _width = 0;
    }

    private static string Elapsed(Stopwatch clock) => clock.Elapsed.ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        lock (_lock)
            Clear();
        _stop.Dispose();
    }
}
