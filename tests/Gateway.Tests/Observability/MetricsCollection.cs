namespace Gateway.Tests.Observability;

/// <summary>
/// Tests that read a gateway's /metrics run alone: OpenTelemetry listens to meters by name, so in
/// one test process every in-process gateway's "axis.gateway" meter would feed every exporter. (A
/// real daemon is one gateway per process.) xunit runs this collection after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
