using Gateway.Bench.Results;
using Gateway.Load.Cli;
using Gateway.Load.Gateway;
using Gateway.Load.Progress;

namespace Gateway.Load.Scenarios;

/// <summary>What every scenario gets: the settings, a work directory of its own, the gateway's CLI, the progress display and the results.</summary>
internal sealed class ScenarioContext(RunSettings settings, string workDirectory, ProgressDisplay progress, LoadResults results)
{
    public RunSettings Settings => settings;
    public ProgressDisplay Progress => progress;
    public LoadResults Results => results;

    /// <summary>The gateway's admin CLI, logging to the scenario's setup log.</summary>
    public GatewayCommand GatewayCli(string scenario) => new(settings.GatewayPath, Path.Combine(Directory(scenario), "setup.log"));

    /// <summary>A directory for one scenario (or one system within it), created on first use.</summary>
    public string Directory(params string[] parts)
    {
        var path = Path.Combine([workDirectory, .. parts]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}
