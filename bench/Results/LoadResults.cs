namespace Gateway.Bench.Results;

/// <summary>
/// Everything one harness run measured: the machine it ran on, every measured run of a system under
/// load (the gateway and each same-run peer), the one-off scenarios and the targets judged from them.
/// Written by bench/Load as JSON, read by bench/Report to rewrite docs/benchmarks.md and draw charts.
/// </summary>
public sealed record LoadResults
{
    public required MachineInfo Machine { get; init; }

    /// <summary>The exact command that produced this file, as typed.</summary>
    public required string Command { get; init; }

    /// <summary>True for the shortened development run (<c>bench/run.sh --quick</c>).</summary>
    public bool Quick { get; init; }

    public List<LoadRun> Runs { get; init; } = [];

    public List<ScenarioResult> Scenarios { get; init; } = [];

    public List<TargetResult> Targets { get; init; } = [];
}

/// <summary>Where and when the numbers were taken; the load average says how shared the machine was.</summary>
public sealed record MachineInfo
{
    public required string Cpu { get; init; }
    public required int Cores { get; init; }
    public required double MemoryGiB { get; init; }
    public required string Os { get; init; }
    public required string Runtime { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>1-minute load average sampled before and after the run.</summary>
    public double LoadAverageBefore { get; init; }
    public double LoadAverageAfter { get; init; }
}

/// <summary>The system under load: the gateway or one of the same-run peers.</summary>
public enum SystemUnderTest
{
    Gateway,

    /// <summary>A bare Grpc.AspNetCore echo service: the transport's ceiling.</summary>
    Echo,

    /// <summary>RabbitMQ with durable queues, persistent messages, publisher confirms and manual acks.</summary>
    RabbitMq,

    /// <summary>Raw SQLite group commit with the gateway's settings: the storage ceiling.</summary>
    Sqlite,
}

/// <summary>How the load was offered.</summary>
public enum LoadShape
{
    /// <summary>Closed loop: as fast as the concurrency allows (the maximum).</summary>
    Max,

    /// <summary>Open loop at a fixed rate (<see cref="LoadRun.OfferedPerSecond"/>), e.g. 50 % of the maximum.</summary>
    Rate,
}

/// <summary>One measured run of one system at one concurrency.</summary>
public sealed record LoadRun
{
    /// <summary>Scenario name, e.g. <c>steady-4k</c> or <c>mixed-priorities</c>.</summary>
    public required string Scenario { get; init; }
    public required SystemUnderTest System { get; init; }
    public required LoadShape Shape { get; init; }

    /// <summary>Concurrent in-flight sends (sender tasks).</summary>
    public required int Concurrency { get; init; }

    public int Senders { get; init; }
    public int Recipients { get; init; }
    public int MessageBytes { get; init; }

    /// <summary>For <see cref="LoadShape.Rate"/>: the rate offered, messages per second.</summary>
    public double? OfferedPerSecond { get; init; }

    /// <summary>Length of the timed window (warm-up excluded).</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>Messages whose send was acknowledged (receipt, confirm, commit) in the window.</summary>
    public long Sent { get; init; }

    /// <summary>Messages delivered to a recipient and acked by it in the window.</summary>
    public long Completed { get; init; }

    public long Errors { get; init; }

    public double SentPerSecond { get; init; }
    public double CompletedPerSecond { get; init; }

    /// <summary>Latency from the start of a send to its receipt/confirm.</summary>
    public Percentiles? SendLatencyMs { get; init; }

    /// <summary>Latency from the start of a send to its arrival at a recipient.</summary>
    public Percentiles? DeliveredLatencyMs { get; init; }

    /// <summary>Latency from the start of a send to the recipient's ack being accepted.</summary>
    public Percentiles? AckedLatencyMs { get; init; }

    /// <summary>Peak resident set size growth of the server process during the run, if sampled.</summary>
    public double? PeakRssGrowthMiB { get; init; }

    /// <summary>Free text: anything a reader needs to interpret the row.</summary>
    public string? Notes { get; init; }
}

public sealed record Percentiles(double P50, double P99, double P999, double Max, long Count);

/// <summary>A one-off scenario measured once (fan-out, large document, restart).</summary>
public sealed record ScenarioResult
{
    public required string Name { get; init; }

    /// <summary>What was measured, e.g. "seconds until all 10,000 deliveries are queued".</summary>
    public required string Metric { get; init; }
    public required double Value { get; init; }
    public required string Unit { get; init; }
    public Dictionary<string, double> Details { get; init; } = [];
    public string? Notes { get; init; }
}

/// <summary>A target from the issue, judged against this run's numbers.</summary>
public sealed record TargetResult
{
    public required string Name { get; init; }

    /// <summary>e.g. "&gt;= 5000 docs/s" or "&lt;= 25 ms".</summary>
    public required string Target { get; init; }
    public required double Measured { get; init; }
    public required string Unit { get; init; }
    public required bool Met { get; init; }
    public string? Notes { get; init; }
}
