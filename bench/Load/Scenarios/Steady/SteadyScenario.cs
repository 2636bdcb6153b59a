using Gateway.Bench.Results;
using Gateway.Load.Measurement;
using Gateway.Load.Targets;

namespace Gateway.Load.Scenarios.Steady;

/// <summary>
/// steady-4k: signed 4 KiB documents from N sender systems to M recipient systems, for the gateway and
/// each same-run peer in turn. For each system: a closed-loop run at every concurrency of the sweep
/// (the throughput-vs-concurrency curve; the best is the system's maximum), then an open-loop run at
/// 50 % of that maximum at the concurrency that reached it (latency under a realistic load).
/// </summary>
internal sealed class SteadyScenario : IScenario
{
    public const int MessageBytes = 4096;

    public string Name => "steady-4k";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var runsPerSystem = settings.Concurrency.Count + 1;
        foreach (var system in settings.Systems)
        {
            var runs = new List<LoadRun>();
            try
            {
                await using var target = SteadyTargets.Create(system, context, Name, runsPerSystem);
                try
                {
                    context.Progress.Phase($"{Name} {system}: starting");
                    await target.StartAsync(cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    context.Progress.Line($"{Name} {system}: not measured: {ex.Message}");
                    runs.Add(NotMeasured(system, settings.Concurrency[0], ex));
                    continue;
                }

                await MeasureAsync(context, target, runs, cancellationToken);
            }
            finally
            {
                // Also when interrupted or failed part-way: the runs measured so far are real and are kept.
                context.Results.Runs.AddRange(runs);
            }
        }

        context.Results.Targets.AddRange(SteadyJudgement.Judge(Name, context.Results.Runs));
    }

    private async Task MeasureAsync(ScenarioContext context, ILoadTarget target, List<LoadRun> runs, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var window = settings.WarmUp + settings.Duration;
        for (var i = 0; i < settings.Concurrency.Count; i++)
        {
            var concurrency = settings.Concurrency[i];
            var spec = Spec(settings, i, concurrency, MessageBudget.ClosedLoop(runs, concurrency, window));
            runs.Add(await Measure(context, target, spec, new DriveOptions(concurrency, settings.WarmUp, settings.Duration, Rate: null), cancellationToken));
        }

        // The maximum is what recipients completed; for SQLite, which has no recipients, what it committed.
        var best = runs.MaxBy(Throughput);
        if (best is null || Throughput(best) <= 0)
        {
            context.Progress.Line($"{Name} {target.System}: no throughput at any concurrency; no 50 % run");
            return;
        }

        var rate = Math.Round(Throughput(best) * 0.5, 1);
        var rateSpec = Spec(settings, settings.Concurrency.Count, best.Concurrency, MessageBudget.OpenLoop(rate, window));
        runs.Add(await Measure(context, target, rateSpec, new DriveOptions(best.Concurrency, settings.WarmUp, settings.Duration, rate), cancellationToken));
    }

    private Task<LoadRun> Measure(ScenarioContext context, ILoadTarget target, RunSpec spec, DriveOptions drive, CancellationToken cancellationToken) =>
        RunMeasurement.RunAsync(Name, target, spec, drive, context.Progress, cancellationToken);

    public static double Throughput(LoadRun run) => run.System == SystemUnderTest.Sqlite ? run.SentPerSecond : run.CompletedPerSecond;

    private static RunSpec Spec(Cli.RunSettings settings, int index, int concurrency, long messages) =>
        new(index, concurrency, messages, settings.Senders, settings.Recipients, MessageBytes, settings.Credits);

    private LoadRun NotMeasured(SystemUnderTest system, int concurrency, Exception ex) => new()
    {
        Scenario = Name,
        System = system,
        Shape = LoadShape.Max,
        Concurrency = concurrency,
        MessageBytes = MessageBytes,
        DurationSeconds = 0,
        Notes = $"NOT MEASURED: the system could not be started: {ex.Message}",
    };
}
