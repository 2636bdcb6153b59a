using Gateway.Bench.Results;

namespace Gateway.Load.Cli;

/// <summary>Everything `gateway-load run` was told, defaults applied (see <see cref="RunCommand"/>).</summary>
internal sealed record RunSettings
{
    public required string GatewayPath { get; init; }
    public required string OutputPath { get; init; }
    public required bool Quick { get; init; }
    public required IReadOnlyList<string> Scenarios { get; init; }
    public required IReadOnlyList<SystemUnderTest> Systems { get; init; }
    public required TimeSpan Duration { get; init; }
    public required TimeSpan WarmUp { get; init; }
    public required IReadOnlyList<int> Concurrency { get; init; }

    /// <summary>`gateway pki --key-type` of the sender certificates: rsa-2048 (what Vietnam's government CA issues) or ecdsa-p256.</summary>
    public required string PkiKeyType { get; init; }

    public required int Senders { get; init; }
    public required int Recipients { get; init; }

    /// <summary>Exchange credits per recipient stream, and RabbitMQ's prefetch.</summary>
    public required int Credits { get; init; }

    /// <summary>Where to work; null: a new temporary directory, removed after a successful run.</summary>
    public string? WorkDirectory { get; init; }

    public required string Command { get; init; }
}
