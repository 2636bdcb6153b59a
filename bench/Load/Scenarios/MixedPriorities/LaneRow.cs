using Gateway.Bench.Results;
using Gateway.Load.Measurement;

namespace Gateway.Load.Scenarios.MixedPriorities;

/// <summary>One lane's <see cref="LoadRun"/>: what its recorder saw in the timed window, the priority first in its notes.</summary>
internal static class LaneRow
{
    public static LoadRun From(string scenario, RunRecorder recorder, DriveOptions drive, int senders, int recipients, double? rssGrowth, IEnumerable<string> notes)
    {
        var seconds = Math.Max(recorder.WindowSeconds, 1e-3);
        var all = notes.ToList();
        if (recorder.FirstError is { } error)
            all.Add($"first error: {error}");
        return new LoadRun
        {
            Scenario = scenario,
            System = SystemUnderTest.Gateway,
            Shape = drive.Rate is null ? LoadShape.Max : LoadShape.Rate,
            Concurrency = drive.Concurrency,
            Senders = senders,
            Recipients = recipients,
            MessageBytes = Steady.SteadyScenario.MessageBytes,
            OfferedPerSecond = drive.Rate,
            DurationSeconds = Math.Round(seconds, 3),
            Sent = recorder.Sent,
            Completed = recorder.Completed,
            Errors = recorder.Errors,
            SentPerSecond = Math.Round(recorder.Sent / seconds, 1),
            CompletedPerSecond = Math.Round(recorder.Completed / seconds, 1),
            SendLatencyMs = recorder.SendLatency.Summary(),
            DeliveredLatencyMs = recorder.DeliveredLatency.Summary(),
            AckedLatencyMs = recorder.AckedLatency.Summary(),
            PeakRssGrowthMiB = rssGrowth,
            Notes = string.Join("; ", all),
        };
    }
}
