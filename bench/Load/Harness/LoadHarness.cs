using Gateway.Bench.Results;
using Gateway.Load.Cli;
using Gateway.Load.Measurement;
using Gateway.Load.Progress;
using Gateway.Load.Scenarios;

namespace Gateway.Load.Harness;

/// <summary>
/// One `gateway-load run`: describes the machine, runs each scenario asked for in a work directory of
/// its own, writes the results file (also after a failed scenario, with what was measured) and prints
/// the rows and targets.
/// </summary>
internal static class LoadHarness
{
    public static async Task<int> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.Now;
        var machine = MachineProbe.Describe(started);
        var work = settings.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"gateway-load-{started:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        var results = new LoadResults { Machine = machine, Command = settings.Command, Quick = settings.Quick };
        var failed = false;

        await using (var progress = new ProgressDisplay())
        {
            progress.Line($"gateway-load: work directory {work} (logs of every process started are there)");
            var context = new ScenarioContext(settings, work, progress, results);
            foreach (var name in settings.Scenarios)
            {
                var scenario = ScenarioCatalog.Find(name)!;
                try
                {
                    await scenario.RunAsync(context, cancellationToken);
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C or SIGTERM: whatever the cancelled call threw, the servers are stopped; keep what was measured.
                    progress.Line($"gateway-load: interrupted during {scenario.Name}");
                    break;
                }
                catch (Exception ex)
                {
                    failed = true;
                    progress.Line($"gateway-load: scenario {scenario.Name} failed: {ex}");
                }
            }
        }

        var finished = results with { Machine = machine with { FinishedAt = DateTimeOffset.Now, LoadAverageAfter = MachineProbe.LoadAverage() } };
        Directory.CreateDirectory(Path.GetDirectoryName(settings.OutputPath)!);
        ResultsJson.Write(finished, settings.OutputPath);
        ResultsTable.Print(finished, settings.OutputPath, Console.Out);

        if (cancellationToken.IsCancellationRequested || failed || settings.WorkDirectory is not null)
        {
            Console.WriteLine($"Work directory kept: {work}");
        }
        else
        {
            TryDelete(work);
        }

        return cancellationToken.IsCancellationRequested ? 130 : failed ? 1 : 0;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"gateway-load: could not remove {directory}: {ex.Message}");
        }
    }
}
