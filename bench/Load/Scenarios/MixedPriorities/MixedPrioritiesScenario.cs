using Gateway.Bench.Results;
using Gateway.Load.Measurement;
using Gateway.Protocol.V1;

namespace Gateway.Load.Scenarios.MixedPriorities;

/// <summary>
/// mixed-priorities: flash latency under a normal backlog. A backlog of normal documents is queued
/// while the recipients are offline; then their Exchange streams connect, normal senders keep a
/// closed-loop load running, and flash documents are sent open loop at a low rate to the same
/// recipients. Both lanes are timed in the same window: one <see cref="LoadRun"/> each (the notes say
/// which priority), and the target that flash overtakes the backlog.
/// </summary>
internal sealed class MixedPrioritiesScenario : IScenario
{
    public string Name => "mixed-priorities";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var plan = MixedPlan.For(context.Settings);
        var rows = new List<LoadRun>();
        var backlogMinimum = -1L;
        try
        {
            await using var gateway = await MixedGateway.StartAsync(context, Name, cancellationToken);
            backlogMinimum = await MeasureAsync(context, gateway, plan, rows, cancellationToken);
        }
        finally
        {
            // Also when interrupted or failed part-way: what was measured is kept.
            context.Results.Runs.AddRange(rows);
        }

        var inFlight = (long)context.Settings.Credits * context.Settings.Recipients;
        context.Results.Targets.Add(MixedJudgement.Judge(Name, rows.FirstOrDefault(r => r.Shape == LoadShape.Max),
            rows.FirstOrDefault(r => r.Shape == LoadShape.Rate), backlogMinimum, inFlight));
    }

    /// <summary>Returns the smallest normal backlog seen in the window.</summary>
    private async Task<long> MeasureAsync(ScenarioContext context, MixedGateway gateway, MixedPlan plan, List<LoadRun> rows, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var progress = context.Progress;
        var lanes = new PriorityLanes();
        var backlog = await SignAsync(context, gateway, PriorityLanes.Backlog, plan.Backlog, Priority.Normal, "backlog", cancellationToken);

        // The backlog goes in while no recipient is connected, as fast as the normal senders can: it is queued, not delivered.
        progress.Phase($"{Name}: queuing a backlog of {plan.Backlog:N0} normal documents (recipients offline)", lanes[PriorityLanes.Backlog]);
        var started = Clock.Now;
        await LoadDriver.DriveAsync(new LaneSession(backlog, gateway.Senders), lanes[PriorityLanes.Backlog],
            new DriveOptions(plan.NormalConcurrency, TimeSpan.Zero, TimeSpan.FromHours(1), Rate: null), cancellationToken);
        var queued = lanes[PriorityLanes.Backlog].SentTotal;
        var acceptedPerSecond = queued / Math.Max(Clock.ToSeconds(Clock.Now - started), 1e-3);

        var normal = await SignAsync(context, gateway, PriorityLanes.Normal, plan.NormalDocuments(acceptedPerSecond), Priority.Normal, "normal", cancellationToken);
        var flash = await SignAsync(context, gateway, PriorityLanes.Flash, plan.FlashDocuments, Priority.Flash, "flash", cancellationToken);

        var receivers = await gateway.OpenReceiversAsync((uint)settings.Credits, lanes, cancellationToken);
        var normalDrive = new DriveOptions(plan.NormalConcurrency, plan.WarmUp, plan.Duration, Rate: null);
        var flashDrive = new DriveOptions(plan.FlashConcurrency, plan.WarmUp, plan.Duration, plan.FlashRate);
        double? rssGrowth;
        long backlogAcked;
        var exhausted = false;
        var depth = new BacklogDepth(lanes, lanes[PriorityLanes.Normal]);
        try
        {
            var rss = gateway.Process.SampleRss();
            progress.Phase($"{Name}: normal c={plan.NormalConcurrency} closed loop + flash {plan.FlashRate:0}/s", lanes[PriorityLanes.Normal]);
            var ackedBefore = lanes[PriorityLanes.Backlog].CompletedTotal;
            var drives = new[]
            {
                LoadDriver.DriveAsync(new LaneSession(normal, gateway.Senders), lanes[PriorityLanes.Normal], normalDrive, cancellationToken),
                LoadDriver.DriveAsync(new LaneSession(flash, gateway.Senders), lanes[PriorityLanes.Flash], flashDrive, cancellationToken),
            };
            exhausted = (await Task.WhenAll(drives))[0];
            backlogAcked = lanes[PriorityLanes.Backlog].CompletedTotal - ackedBefore;
            await rss.DisposeAsync();
            rssGrowth = rss.PeakGrowthMiB;
            if (exhausted)
                progress.Line($"{Name}: the {normal.Length:N0} normal documents signed ran out; the normal lane's window was shortened");
        }
        finally
        {
            await depth.DisposeAsync();
            foreach (var receiver in receivers)
                await receiver.DisposeAsync();
        }

        var common = new[] { gateway.Setup };
        var backlogNote = $"{queued:N0} normal documents queued while the recipients were offline (accepted at {acceptedPerSecond:0}/s), then their Exchange streams connected ({settings.Credits} credits each) " +
            $"together with both loads; normal documents accepted and not yet acked: {depth.AtStart:N0} when the window opened, {depth.AtEnd:N0} when it closed, at least {depth.Minimum:N0}";
        rows.Add(LaneRow.From(Name, lanes[PriorityLanes.Normal], normalDrive, settings.Senders, settings.Recipients, rssGrowth,
        [
            $"priority NORMAL (edXML 0): closed loop at c={plan.NormalConcurrency}, behind the backlog",
            backlogNote,
            $"the recipients also received {backlogAcked:N0} backlog documents during the run (not counted in this row)",
            .. exhausted ? [$"the {normal.Length:N0} normal documents signed for the run ran out: this lane's window was shortened"] : Array.Empty<string>(),
            .. common,
        ]));
        rows.Add(LaneRow.From(Name, lanes[PriorityLanes.Flash], flashDrive, settings.Senders, settings.Recipients, rssGrowth,
        [
            $"priority FLASH (edXML 3): open loop at {plan.FlashRate:0}/s to the same recipients during the normal run; latencies from each document's scheduled send time",
            backlogNote,
            $"{lanes[PriorityLanes.Flash].Outstanding:N0} flash documents sent were not yet acked when the run ended",
            .. common,
        ]));
        foreach (var row in rows)
            progress.Line(RunMeasurement.Summary($"{Name} {(row.Shape == LoadShape.Rate ? "flash" : "normal")}", row));
        return depth.Minimum;
    }

    private async Task<SendRequest[]> SignAsync(ScenarioContext context, MixedGateway gateway, int lane, long count, Priority priority, string what,
        CancellationToken cancellationToken)
    {
        context.Progress.Phase($"{Name}: signing {count:N0} {what} documents");
        return await gateway.SignAsync(lane, count, priority,
            done => context.Progress.Phase($"{Name}: signed {done:N0} of {count:N0} {what} documents"), cancellationToken);
    }
}
