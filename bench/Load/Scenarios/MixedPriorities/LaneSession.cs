using Gateway.Load.Targets;
using Gateway.Load.Targets.Gateway;
using Gateway.Protocol.V1;

namespace Gateway.Load.Scenarios.MixedPriorities;

/// <summary>One lane's pre-signed documents, sent by the system whose code signed each (message % senders).</summary>
internal sealed class LaneSession(SendRequest?[] requests, GatewayClients senders) : IRunSession
{
    public long Capacity => requests.LongLength;
    public string? Notes => null;

    public async Task SendAsync(long message, CancellationToken cancellationToken)
    {
        // Dropped once sent: a long run's documents are not all held until it ends.
        var request = Interlocked.Exchange(ref requests[message], null) ?? throw new InvalidOperationException($"message {message} was already sent");
        await senders.SendAsync((int)(message % senders.Count), request, TimeSpan.FromSeconds(60), cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
