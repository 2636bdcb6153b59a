using Gateway.Bench.Results;
using Gateway.Load.Processes;
using Gateway.Load.Progress;
using Gateway.Load.Targets;

namespace Gateway.Load.Measurement;

/// <summary>
/// One measured run of one target: prepare (messages, receivers), drive the load, drain what is still
/// in flight (so the next run starts clean; the drain is not timed), and turn what the recorder saw
/// into a <see cref="LoadRun"/>.
/// </summary>
internal static class RunMeasurement
{
    public static async Task<LoadRun> RunAsync(
        string scenario, ILoadTarget target, RunSpec spec, DriveOptions drive, ProgressDisplay progress, CancellationToken cancellationToken)
    {
        var shape = drive.Rate is null ? LoadShape.Max : LoadShape.Rate;
        var label = $"{scenario} {target.System} c={drive.Concurrency} {(drive.Rate is { } r ? $"rate {r:0}/s" : "max")}";
        var recorder = new RunRecorder(target.TracksDelivery);
        progress.Phase($"{label}: preparing");
        await using var session = await target.BeginRunAsync(spec, recorder, cancellationToken);

        var sampler = target.ServerProcessId is { } pid ? new RssSampler(pid) : null;
        progress.Phase(label, recorder);
        var exhausted = await LoadDriver.DriveAsync(session, recorder, drive, cancellationToken);
        progress.Phase($"{label}: draining", recorder);
        var drainTimeout = TimeSpan.FromSeconds(Math.Max(5, drive.Duration.TotalSeconds));
        var drained = await LoadDriver.DrainAsync(recorder, drainTimeout, cancellationToken);
        double? rssGrowth = null;
        if (sampler is not null)
        {
            await sampler.DisposeAsync();
            rssGrowth = sampler.PeakGrowthMiB;
        }

        var seconds = Math.Max(recorder.WindowSeconds, 1e-3);
        var notes = new List<string> { target.Setup };
        if (drive.Rate is not null)
            notes.Add("open loop: latencies from each message's scheduled send time (coordinated omission corrected)");
        if (session.Notes is { } sessionNotes)
            notes.Add(sessionNotes);
        if (exhausted)
            notes.Add($"the {session.Capacity:N0} documents prepared (signed) for this run ran out: the timed window was shortened to {seconds:0.0}s");
        if (!drained)
            notes.Add($"{recorder.Outstanding:N0} messages were still not acked {drainTimeout.TotalSeconds:0}s after the senders stopped (left queued, not counted)");
        if (recorder.FirstError is { } error)
            notes.Add($"first error: {error}");

        var run = new LoadRun
        {
            Scenario = scenario,
            System = target.System,
            Shape = shape,
            Concurrency = drive.Concurrency,
            Senders = spec.Senders,
            Recipients = spec.Recipients,
            MessageBytes = spec.MessageBytes,
            OfferedPerSecond = drive.Rate,
            DurationSeconds = Math.Round(seconds, 3),
            Sent = recorder.Sent,
            Completed = recorder.TracksDelivery ? recorder.Completed : 0,
            Errors = recorder.Errors,
            SentPerSecond = Math.Round(recorder.Sent / seconds, 1),
            CompletedPerSecond = recorder.TracksDelivery ? Math.Round(recorder.Completed / seconds, 1) : 0,
            SendLatencyMs = recorder.SendLatency.Summary(),
            DeliveredLatencyMs = recorder.TracksDelivery ? recorder.DeliveredLatency.Summary() : null,
            AckedLatencyMs = recorder.TracksDelivery ? recorder.AckedLatency.Summary() : null,
            PeakRssGrowthMiB = rssGrowth,
            Notes = string.Join("; ", notes),
        };
        progress.Line(Summary(label, run));
        return run;
    }

    public static string Summary(string label, LoadRun run) =>
        $"{label}: sent {run.SentPerSecond:0}/s, completed {run.CompletedPerSecond:0}/s, errors {run.Errors}; " +
        $"p50/p99 ms send {Pair(run.SendLatencyMs)}, delivered {Pair(run.DeliveredLatencyMs)}, acked {Pair(run.AckedLatencyMs)}";

    private static string Pair(Percentiles? p) => p is null ? "-" : $"{p.P50:0.0}/{p.P99:0.0}";
}
