using Gateway.Bench.Results;
using Gateway.Load.Measurement;

namespace Gateway.Load.Targets;

/// <summary>
/// A system under steady load: the gateway or one of the same-run peers. Started once, then measured
/// in several runs (a concurrency sweep, a fixed rate); each run gets a fresh <see cref="IRunSession"/>
/// with its own messages and receivers, so nothing one run leaves behind is counted by the next.
/// </summary>
internal interface ILoadTarget : IAsyncDisposable
{
    SystemUnderTest System { get; }

    /// <summary>False when the system has no receiving side (SQLite): only sends are measured.</summary>
    bool TracksDelivery { get; }

    /// <summary>How this system was set up, for every row's notes.</summary>
    string Setup { get; }

    /// <summary>The server's process id, for RSS sampling; null when it runs inside the harness.</summary>
    int? ServerProcessId { get; }

    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Prepares one run: its messages (the gateway's are signed here, before the clock runs) and its receivers.</summary>
    Task<IRunSession> BeginRunAsync(RunSpec spec, RunRecorder recorder, CancellationToken cancellationToken);
}

/// <summary>One measured run of a target.</summary>
internal interface IRunSession : IAsyncDisposable
{
    /// <summary>Messages prepared; a run that needs more ends its window early and says so.</summary>
    long Capacity { get; }

    /// <summary>Sends message <paramref name="message"/>; returns when the system acknowledged it (receipt, confirm, commit).</summary>
    Task SendAsync(long message, CancellationToken cancellationToken);

    /// <summary>What a reader needs to know about this run beyond <see cref="ILoadTarget.Setup"/>, if anything.</summary>
    string? Notes { get; }
}

/// <param name="Index">The run's number within the target's runs (0-based): the gateway uses it to pick fresh recipient codes.</param>
/// <param name="Messages">How many messages the run may need at most (an estimate for a closed-loop run).</param>
internal sealed record RunSpec(int Index, int Concurrency, long Messages, int Senders, int Recipients, int MessageBytes, int Credits);
