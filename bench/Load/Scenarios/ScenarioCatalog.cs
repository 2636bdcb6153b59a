using Gateway.Load.Scenarios.FanOut;
using Gateway.Load.Scenarios.MixedPriorities;
using Gateway.Load.Scenarios.Steady;

namespace Gateway.Load.Scenarios;

/// <summary>Every scenario the harness knows, by name; a new scenario is a new file and one line here.</summary>
internal static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new SteadyScenario(),
        new MixedPrioritiesScenario(),
        new FanOutScenario(),
    ];

    public static IScenario? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
