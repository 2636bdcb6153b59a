namespace Gateway.Observability.Metrics;

/// <summary>
/// What the store held at one moment: deliveries not yet acknowledged per kind (0 documents, 1 status
/// notices), priority lane and state (0 queued, 1 leased), the oldest document among them, the dead letters.
/// </summary>
internal sealed record QueueSnapshot(
    long[,,] Depth,
    long? OldestUndeliveredAcceptedAtMs,
    long DeadLetters,
    DateTimeOffset TakenAt)
{
    /// <summary>Lanes by edXML priority 0-4.</summary>
    public static int Lanes => GatewayMetrics.PriorityLabels.Length;

    public static QueueSnapshot Empty { get; } = new(new long[2, Lanes, 2], null, 0, DateTimeOffset.MinValue);
}
