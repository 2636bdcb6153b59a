using Gateway.Bench.Results;

namespace Gateway.Bench.Report.Analysis;

/// <summary>Display names and the fixed order in which systems appear in every table and chart.</summary>
internal static class Systems
{
    /// <summary>The gateway first, then its peers from the transport ceiling to the storage ceiling.</summary>
    public static readonly IReadOnlyList<SystemUnderTest> All =
        [SystemUnderTest.Gateway, SystemUnderTest.Echo, SystemUnderTest.RabbitMq, SystemUnderTest.Sqlite];

    public static readonly IReadOnlyList<SystemUnderTest> Peers =
        [SystemUnderTest.Echo, SystemUnderTest.RabbitMq, SystemUnderTest.Sqlite];

    public static string Name(SystemUnderTest system) => system switch
    {
        SystemUnderTest.Gateway => "Gateway",
        SystemUnderTest.Echo => "gRPC echo",
        SystemUnderTest.RabbitMq => "RabbitMQ",
        SystemUnderTest.Sqlite => "SQLite",
        _ => system.ToString(),
    };

    /// <summary>What each peer stands for in a ratio, for the table's header.</summary>
    public static string Role(SystemUnderTest system) => system switch
    {
        SystemUnderTest.Echo => "transport ceiling",
        SystemUnderTest.RabbitMq => "durable broker",
        SystemUnderTest.Sqlite => "storage ceiling",
        _ => "",
    };

    public static string Shape(LoadRun run) => run.Shape switch
    {
        LoadShape.Max => "max",
        LoadShape.Rate when run.OfferedPerSecond is { } rate => $"rate {Format.Rate(rate)}/s",
        LoadShape.Rate => "rate",
        _ => run.Shape.ToString(),
    };
}
