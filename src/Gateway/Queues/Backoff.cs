namespace Gateway.Queues;

/// <summary>
/// Wait before a nacked delivery is offered again: doubled per attempt from the base up to the cap,
/// then a random point in its upper half, so recipients that failed together do not retry together.
/// </summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempts, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var full = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(full / 2 + (random.NextDouble() * full / 2));
    }
}
