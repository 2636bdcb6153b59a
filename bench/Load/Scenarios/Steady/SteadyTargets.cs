using Gateway.Bench.Results;
using Gateway.Load.Peers.Echo;
using Gateway.Load.Peers.RabbitMq;
using Gateway.Load.Peers.Sqlite;
using Gateway.Load.Targets;
using Gateway.Load.Targets.Gateway;

namespace Gateway.Load.Scenarios.Steady;

/// <summary>The system under load for each name of --systems, each in a directory of its own under the scenario's.</summary>
internal static class SteadyTargets
{
    public static ILoadTarget Create(SystemUnderTest system, ScenarioContext context, string scenario, int runs)
    {
        var settings = context.Settings;
        var directory = context.Directory(scenario, system.ToString().ToLowerInvariant());
        return system switch
        {
            SystemUnderTest.Gateway => new GatewayTarget(new(settings.GatewayPath, Path.Combine(directory, "setup.log")), directory, runs,
                settings.Senders, settings.Recipients, settings.PkiKeyType, text => context.Progress.Phase(text)),
            SystemUnderTest.Echo => new EchoTarget(directory, settings.Senders, SteadyScenario.MessageBytes),
            SystemUnderTest.RabbitMq => new RabbitTarget(directory, settings.Senders, settings.Recipients, SteadyScenario.MessageBytes),
            SystemUnderTest.Sqlite => new SqliteTarget(directory, SteadyScenario.MessageBytes),
            _ => throw new ArgumentOutOfRangeException(nameof(system), system, "no steady target for this system"),
        };
    }
}
