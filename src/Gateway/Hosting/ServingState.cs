namespace Gateway.Hosting;

/// <summary>Where the daemon is in its life, as health checks report it.</summary>
internal enum ServingPhase
{
    /// <summary>Listening, but the store is not open yet: calls would fail, so health says NOT_SERVING.</summary>
    Starting,

    /// <summary>Store open, accepting calls.</summary>
    Serving,

    /// <summary>SIGTERM received: finishing in-flight calls, so health says NOT_SERVING again.</summary>
    Draining,
}

/// <summary>The daemon's phase; moves only forward: Starting, Serving, Draining.</summary>
internal sealed class ServingState
{
    private int _phase = (int)ServingPhase.Starting;

    public ServingPhase Phase => (ServingPhase)Volatile.Read(ref _phase);

    /// <summary>Moves to Serving unless draining has already begun.</summary>
    public void MarkServing() =>
        Interlocked.CompareExchange(ref _phase, (int)ServingPhase.Serving, (int)ServingPhase.Starting);

    public void MarkDraining() => Volatile.Write(ref _phase, (int)ServingPhase.Draining);
}
