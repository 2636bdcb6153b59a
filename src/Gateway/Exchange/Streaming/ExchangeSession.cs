using System.Collections.Concurrent;
using System.Threading.Channels;
using Gateway.Protocol.V1;
using Gateway.Queues;
using Gateway.Systems;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace Gateway.Exchange.Streaming;

/// <summary>
/// One Exchange stream. Four loops: reading the receiver's messages (credits, settlements), pushing
/// deliveries while credits last, answering settlements in order as the settle stage commits them
/// (the reader does not wait for the disk, so a receiver's acks share commits), and writing every
/// response through one channel so writes never overlap. Deliveries are pushed as soon as they are committed (the notifier wakes the push loop),
/// and at the latest after <see cref="Poll"/> for changes made by other processes or lease expiries.
/// When the stream ends, deliveries pushed but not settled are released for redelivery at once.
/// </summary>
internal sealed class ExchangeSession(
    AuthenticatedCaller caller,
    DeliveryQueue queue,
    SettleStage settle,
    DeliveryNotifier notifier,
    TimeProvider time,
    IAsyncStreamReader<ExchangeRequest> requests,
    IServerStreamWriter<ExchangeResponse> responses)
{
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private const int MaxPushBatch = 64;

    private readonly CreditGate _credits = new();
    private readonly ConcurrentDictionary<string, byte> _unsettled = new(StringComparer.Ordinal);
    private readonly Channel<ExchangeResponse> _outgoing = Channel.CreateBounded<ExchangeResponse>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    // Settlements handed to the settle stage and not yet answered, in the order they arrived; bounded
    // so a receiver cannot queue without limit ahead of the disk.
    private readonly Channel<(string DeliveryId, Task<IReadOnlyList<SettlementResult>> Result)> _settling =
        Channel.CreateBounded<(string, Task<IReadOnlyList<SettlementResult>>)>(new BoundedChannelOptions(1024)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });

    private IReadOnlyList<string> _orgs = [];

    public async Task RunAsync(CancellationToken callToken)
    {
        if (!await requests.MoveNext(callToken) || requests.Current.KindCase != ExchangeRequest.KindOneofCase.Subscribe)
            throw RpcErrors.InvalidArgument("subscribe", "the first message on an Exchange stream must be subscribe");
        var subscribe = requests.Current.Subscribe;
        _orgs = caller.SelectOrgs(subscribe.OrgCodes, "receive");
        _credits.Grant(subscribe.Credits);

        using var pushStop = CancellationTokenSource.CreateLinkedTokenSource(callToken);
        var writer = WriteAsync(callToken);
        await _outgoing.Writer.WriteAsync(new ExchangeResponse { Subscribed = new Subscribed { OrgCodes = { _orgs } } }, callToken);
        var pusher = PushAsync(pushStop.Token);
        try
        {
            var reader = ReadAsync(callToken);
            var answerer = AnswerSettlementsAsync(callToken);
            var first = await Task.WhenAny(reader, pusher, answerer);
            await first; // a failed loop fails the call with its status
            if (first == reader)
            {
                // The receiver closed its side: answer the settlements it sent before ending the call.
                _settling.Writer.TryComplete();
                await answerer;
            }
        }
        finally
        {
            await pushStop.CancelAsync();
            await Quietly(pusher);
            _outgoing.Writer.TryComplete();
            await Quietly(writer);
            queue.Release([.. _unsettled.Keys], "the Exchange stream closed before the delivery was settled");
        }
    }

    private async Task ReadAsync(CancellationToken token)
    {
        while (await requests.MoveNext(token))
        {
            var request = requests.Current;
            switch (request.KindCase)
            {
                case ExchangeRequest.KindOneofCase.Credit:
                    _credits.Grant(request.Credit.Credits);
                    break;
                case ExchangeRequest.KindOneofCase.Settlement:
                    var settlement = request.Settlement;
                    if (string.IsNullOrEmpty(settlement.DeliveryId))
                        throw RpcErrors.InvalidArgument("settlement.delivery_id", "is empty");
                    await _settling.Writer.WriteAsync((settlement.DeliveryId, settle.SettleAsync([settlement], caller.OrgCodes, token)), token);
                    break;
                default:
                    throw RpcErrors.InvalidArgument("kind", $"{request.KindCase} is not expected after subscribe: send credit or settlement");
            }
        }
    }

    private async Task AnswerSettlementsAsync(CancellationToken token)
    {
        await foreach (var (deliveryId, pending) in _settling.Reader.ReadAllAsync(token))
        {
            // An UNAVAILABLE from the stage fails the call: the receiver reconnects and settles again.
            var result = (await pending)[0];
            _unsettled.TryRemove(deliveryId, out _);
            await _outgoing.Writer.WriteAsync(new ExchangeResponse { Settled = result }, token);
        }
    }

    private async Task PushAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            var granted = _credits.Changed;
            if (_credits.Available <= 0)
            {
                await granted.WaitAsync(token);
                continue;
            }

            using var waiter = notifier.Register(_orgs);
            var deliveries = OnStore(() => queue.Lease(_orgs, (int)Math.Min(_credits.Available, MaxPushBatch)));
            foreach (var delivery in deliveries)
            {
                _unsettled[delivery.DeliveryId] = 0;
                _credits.Take();
                await _outgoing.Writer.WriteAsync(new ExchangeResponse { Delivery = delivery }, token);
            }

            if (deliveries.Count == 0)
                await Task.WhenAny(waiter.Task, Task.Delay(Poll, time, token));
        }
    }

    private async Task WriteAsync(CancellationToken token)
    {
        await foreach (var response in _outgoing.Reader.ReadAllAsync(token))
            await responses.WriteAsync(response, token);
    }

    private static T OnStore<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (SqliteException ex)
        {
            throw RpcErrors.Unavailable($"the store could not answer ({ex.Message.TrimEnd('.')}); reconnect and retry");
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
        catch (RpcException)
        {
            // The call is already ending with the first failure; later ones add nothing.
        }
    }
}
