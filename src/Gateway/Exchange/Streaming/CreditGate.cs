namespace Gateway.Exchange.Streaming;

/// <summary>
/// The deliveries a receiver still allows the server to push. Grants come from the receiver's read
/// loop, takes from the push loop. To wait: capture <see cref="Changed"/>, then check
/// <see cref="Available"/>; a grant in between completes the captured task, so none is missed.
/// </summary>
internal sealed class CreditGate
{
    private long _credits;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Available => Interlocked.Read(ref _credits);

    public Task Changed => Volatile.Read(ref _changed).Task;

    public void Grant(uint credits)
    {
        Interlocked.Add(ref _credits, credits);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public void Take() => Interlocked.Decrement(ref _credits);
}
