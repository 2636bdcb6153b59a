namespace Gateway.Queues;

/// <summary>
/// Wakes Exchange streams when something is queued for one of their organisations, so a delivery is
/// pushed at once instead of at the next poll. In-process only: changes made by another process (an
/// admin command) are found by the streams' periodic poll.
/// </summary>
internal sealed class DeliveryNotifier
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<Waiter>> _waiters = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers interest in <paramref name="recipients"/>. Register before looking at the queue, then
    /// await <see cref="Waiter.Task"/> if it was empty: a commit in between is not missed.
    /// </summary>
    public Waiter Register(IReadOnlyCollection<string> recipients)
    {
        var waiter = new Waiter(this, recipients);
        lock (_lock)
        {
            foreach (var recipient in recipients)
            {
                if (!_waiters.TryGetValue(recipient, out var set))
                    _waiters[recipient] = set = [];
                set.Add(waiter);
            }
        }

        return waiter;
    }

    public void Notify(IEnumerable<string> recipients)
    {
        List<Waiter>? woken = null;
        lock (_lock)
        {
            foreach (var recipient in recipients)
            {
                if (_waiters.Remove(recipient, out var set))
                    (woken ??= []).AddRange(set);
            }
        }

        foreach (var waiter in woken ?? [])
            waiter.Wake();
    }

    private void Unregister(Waiter waiter)
    {
        lock (_lock)
        {
            foreach (var recipient in waiter.Recipients)
            {
                if (_waiters.TryGetValue(recipient, out var set) && set.Remove(waiter) && set.Count == 0)
                    _waiters.Remove(recipient);
            }
        }
    }

    /// <summary>One registration; completes on the first notification for any of its recipients.</summary>
    internal sealed class Waiter(DeliveryNotifier owner, IReadOnlyCollection<string> recipients) : IDisposable
    {
        private readonly TaskCompletionSource _woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyCollection<string> Recipients { get; } = recipients;

        public Task Task => _woken.Task;

        internal void Wake() => _woken.TrySetResult();

        public void Dispose() => owner.Unregister(this);
    }
}
