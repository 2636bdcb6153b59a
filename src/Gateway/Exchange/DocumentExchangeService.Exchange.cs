using Gateway.Exchange.Streaming;
using Gateway.Protocol.V1;
using Gateway.Systems;
using Grpc.Core;

namespace Gateway.Exchange;

/// <summary>The receiving side's main stream (see <see cref="ExchangeSession"/>).</summary>
internal sealed partial class DocumentExchangeService
{
    public override async Task Exchange(IAsyncStreamReader<ExchangeRequest> requestStream, IServerStreamWriter<ExchangeResponse> responseStream, ServerCallContext context)
    {
        var caller = CallerContext.Get(context);
        // Streams end when the gateway drains, so a shutdown waits for in-flight calls, not for receivers.
        using var call = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var session = new ExchangeSession(caller, queue, settle, notifier, time, requestStream, responseStream);
        metrics.SubscriberOpened();
        try
        {
            await session.RunAsync(call.Token);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Draining: the stream ends normally; the receiver reconnects to another node or later.
        }
        finally
        {
            metrics.SubscriberClosed();
        }
    }
}
