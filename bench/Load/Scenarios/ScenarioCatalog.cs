using Gateway.Load.Scenarios.FanOut;
using Gateway.Load.Scenarios.MixedPriorities;
using Gateway.Load.Scenarios.Restart;
using Gateway.Load.Scenarios.Steady;
using Gateway.Load.Scenarios.Upload;

namespace Gateway.Load.Scenarios;

/// <summary>Every scenario the harness knows, by name; a new scenario is a new file and one line here.</summary>
internal static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new SteadyScenario(),
        new MixedPrioritiesScenario(),
        new FanOutScenario(),
        new UploadScenario(),
        new RestartScenario(),
    ];

    public static IScenario? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
