using System.Threading.Channels;
using Gateway.Load.Measurement;
using Gateway.Protocol.V1;
using Grpc.Core;

namespace Gateway.Load.Targets.Gateway;

/// <summary>
/// One recipient system's Exchange stream for one run, as a document-management system would hold
/// it: subscribe for the run's code with <c>credits</c>, ACK each delivery on the stream as it comes,
/// and grant credits back as the gateway confirms settlements, so at most <c>credits</c> deliveries
/// are unsettled at once. A delivery counts as delivered when it arrives; as acked when the gateway's
/// SettlementResult says the ACK was applied (the gateway confirms every settlement on the stream).
/// </summary>
internal sealed class ExchangeReceiver : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<ExchangeRequest, ExchangeResponse> _call;
    private readonly IDeliveryObserver _recorder;
    private readonly uint _credits;
    private readonly Channel<ExchangeRequest> _outgoing;
    // Touched only by the read loop: deliveries waiting for their settlement's confirmation.
    private readonly Dictionary<string, long> _awaitingSettlement = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private Task _writer = Task.CompletedTask;
    private uint _settledSinceGrant;

    private ExchangeReceiver(AsyncDuplexStreamingCall<ExchangeRequest, ExchangeResponse> call, IDeliveryObserver recorder, uint credits)
    {
        _call = call;
        _recorder = recorder;
        _credits = credits;
        // Bounded by what the credits allow in flight (one settlement per delivery, one grant per half window); Wait never drops.
        _outgoing = Channel.CreateBounded<ExchangeRequest>(new BoundedChannelOptions((int)credits * 2 + 16)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public static async Task<ExchangeReceiver> OpenAsync(
        DocumentExchange.DocumentExchangeClient client, Metadata credentials, string orgCode, uint credits, IDeliveryObserver recorder, CancellationToken cancellationToken)
    {
        var receiver = new ExchangeReceiver(client.Exchange(credentials, cancellationToken: CancellationToken.None), recorder, credits);
        receiver._writer = receiver.WriteAsync();
        receiver._reader = receiver.ReadAsync();
        await receiver._outgoing.Writer.WriteAsync(new ExchangeRequest { Subscribe = new Subscribe { OrgCodes = { orgCode }, Credits = credits } }, cancellationToken);
        await receiver._subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return receiver;
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var response in _call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                switch (response.KindCase)
                {
                    case ExchangeResponse.KindOneofCase.Subscribed:
                        _subscribed.TrySetResult();
                        break;
                    case ExchangeResponse.KindOneofCase.Delivery:
                        await OnDeliveryAsync(response.Delivery);
                        break;
                    case ExchangeResponse.KindOneofCase.Settled:
                        await OnSettledAsync(response.Settled);
                        break;
                }
            }

            _subscribed.TrySetException(new InvalidOperationException("the Exchange stream ended before it was subscribed"));
        }
        catch (Exception ex) when (ex is OperationCanceledException || (ex is RpcException { StatusCode: StatusCode.Cancelled } && _stop.IsCancellationRequested))
        {
            _subscribed.TrySetCanceled();
        }
        catch (RpcException ex)
        {
            // A failed stream fails the run's outstanding messages visibly rather than leaving them to time out unexplained.
            _subscribed.TrySetException(ex);
            foreach (var message in _awaitingSettlement.Values)
                _recorder.Failed(message, $"Exchange stream failed: {ex.Status.StatusCode} {ex.Status.Detail}");
        }
    }

    private async Task OnDeliveryAsync(Delivery delivery)
    {
        var message = -1L;
        if (delivery.ContentCase == Delivery.ContentOneofCase.Document)
        {
            message = DocumentFactory.MessageOf(DocumentHeader.Parser.ParseFrom(delivery.Document.Header.Header).ClientReference);
            if (message >= 0)
                _recorder.Delivered(message);
        }

        _awaitingSettlement[delivery.DeliveryId] = message;
        await _outgoing.Writer.WriteAsync(new ExchangeRequest
        {
            Settlement = new Settlement { DeliveryId = delivery.DeliveryId, Outcome = Settlement.Types.Outcome.Ack },
        }, _stop.Token);
    }

    private async Task OnSettledAsync(SettlementResult settled)
    {
        if (_awaitingSettlement.Remove(settled.DeliveryId, out var message) && message >= 0)
        {
            if (settled.Applied)
                _recorder.Acked(message);
            else
                _recorder.Failed(message, $"ACK not applied: {settled.Detail}");
        }

        // Credits come back in halves of the window: one message per settlement would double the stream's traffic.
        if (++_settledSinceGrant >= Math.Max(1, _credits / 2))
        {
            await _outgoing.Writer.WriteAsync(new ExchangeRequest { Credit = new Credit { Credits = _settledSinceGrant } }, _stop.Token);
            _settledSinceGrant = 0;
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            await foreach (var request in _outgoing.Reader.ReadAllAsync(_stop.Token))
                await _call.RequestStream.WriteAsync(request, _stop.Token);
            await _call.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException or InvalidOperationException)
        {
            // The stream is ending (stopped, or failed: the read loop reports why).
        }
    }

    public async ValueTask DisposeAsync()
    {
        _outgoing.Writer.TryComplete();
        await _stop.CancelAsync();
        await Task.WhenAll(_reader, _writer);
        _call.Dispose();
        _stop.Dispose();
    }
}
