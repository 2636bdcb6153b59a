namespace Gateway.Load.Scenarios;

/// <summary>
/// One named scenario of the harness (steady-4k now; mixed priorities, fan-out, a large document,
/// restart with a backlog later). A scenario starts what it needs (a <see cref="Gateway.GatewayProcess"/>,
/// peers), measures, and adds its rows to <see cref="ScenarioContext.Results"/>: <c>LoadRun</c>s for
/// throughput/latency runs, <c>ScenarioResult</c>s for one-off measurements, <c>TargetResult</c>s for
/// the targets it judges. It stops everything it started before returning, even when it fails.
/// </summary>
internal interface IScenario
{
    /// <summary>The name on the command line (--scenario) and in the results.</summary>
    string Name { get; }

    Task RunAsync(ScenarioContext context, CancellationToken cancellationToken);
}
