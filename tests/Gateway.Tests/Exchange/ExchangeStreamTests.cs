using Gateway.Protocol.V1;
using Gateway.Tests.Support;
using Grpc.Core;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Exchange;

/// <summary>The Exchange stream: subscribe, credits, pushed deliveries and statuses, settlements, disconnects.</summary>
public sealed class ExchangeStreamTests : IAsyncLifetime
{
    private static readonly byte[] Payload = "%PDF-1.7 Thông báo"u8.ToArray();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private ExchangeGateway _gw = null!;

    public async ValueTask InitializeAsync() => _gw = await StartAsync();

    private CancellationToken Token => _timeout.Token;

    private async Task<string> SendAsync(string reference) =>
        (await _gw.Client.SendAsync(Documents.Send(Office, [NgheAn], reference, Payload), _gw.Call)).Receipt.DocumentId;

    private async Task<AsyncDuplexStreamingCall<ExchangeRequest, ExchangeResponse>> SubscribeAsync(string token, uint credits, params string[] orgs)
    {
        var call = _gw.Client.Exchange(new Metadata { { "authorization", $"Bearer {token}" } }, cancellationToken: Token);
        var subscribe = new Subscribe { Credits = credits };
        subscribe.OrgCodes.Add(orgs);
        await call.RequestStream.WriteAsync(new ExchangeRequest { Subscribe = subscribe }, Token);
        var subscribed = await NextAsync(call);
        Assert.Equal(ExchangeResponse.KindOneofCase.Subscribed, subscribed.KindCase);
        return call;
    }

    private async Task<ExchangeResponse> NextAsync(AsyncDuplexStreamingCall<ExchangeRequest, ExchangeResponse> call)
    {
        Assert.True(await call.ResponseStream.MoveNext(Token), "the stream ended early");
        return call.ResponseStream.Current;
    }

    [Fact]
    public async Task Exchange_DocumentSentAfterSubscribe_IsPushedWithoutPolling()
    {
        using var call = await SubscribeAsync(_gw.RecipientToken, 10);

        var id = await SendAsync("cv-1");

        var delivery = (await NextAsync(call)).Delivery;
        Assert.Equal((id, NgheAn, 1U), (delivery.Document.DocumentId, delivery.Recipient, delivery.Attempt));
        Assert.Equal(Payload, delivery.Document.Payload.ToByteArray());
    }

    [Fact]
    public async Task Exchange_Subscribe_ConfirmsTheSystemsCodes()
    {
        var call = _gw.Client.Exchange(new Metadata { { "authorization", $"Bearer {_gw.RecipientToken}" } }, cancellationToken: Token);
        using var _ = call;
        await call.RequestStream.WriteAsync(new ExchangeRequest { Subscribe = new Subscribe { Credits = 1 } }, Token);
        Assert.Equal([NgheAn], (await NextAsync(call)).Subscribed.OrgCodes);
    }

    [Fact]
    public async Task Exchange_Credits_BoundWhatIsPushed()
    {
        for (var i = 0; i < 5; i++)
            await SendAsync($"cv-{i}");
        using var call = await SubscribeAsync(_gw.RecipientToken, 2);

        var first = new[] { (await NextAsync(call)).Delivery, (await NextAsync(call)).Delivery };
        // With no credits left the stream leases nothing more: the other three stay queued.
        Assert.Equal(3, _gw.Count("SELECT COUNT(*) FROM deliveries WHERE state = 0"));

        await call.RequestStream.WriteAsync(new ExchangeRequest { Credit = new Credit { Credits = 3 } }, Token);
        var rest = new[] { (await NextAsync(call)).Delivery, (await NextAsync(call)).Delivery, (await NextAsync(call)).Delivery };

        Assert.Equal(5, first.Concat(rest).Select(d => d.DeliveryId).Distinct().Count());
    }

    [Fact]
    public async Task Exchange_AckOnTheStream_IsConfirmedAndTheSenderGetsArrived()
    {
        var id = await SendAsync("cv-1");
        using var sender = await SubscribeAsync(_gw.Token, 10);
        using var call = await SubscribeAsync(_gw.RecipientToken, 10);
        var delivery = (await NextAsync(call)).Delivery;

        await call.RequestStream.WriteAsync(new ExchangeRequest { Settlement = new Settlement { DeliveryId = delivery.DeliveryId, Outcome = Settlement.Types.Outcome.Ack } }, Token);

        var settled = (await NextAsync(call)).Settled;
        Assert.True(settled.Applied);
        var status = (await NextAsync(sender)).Delivery.Status;
        Assert.Equal((id, DocumentStatus.Arrived, NgheAn), (status.DocumentId, status.Code, status.FromOrg));
    }

    [Fact]
    public async Task Exchange_ClosedWithUnsettledDelivery_RedeliveredAtOnceWithTheSameId()
    {
        await SendAsync("cv-1");
        string deliveryId;
        using (var call = await SubscribeAsync(_gw.RecipientToken, 10))
        {
            deliveryId = (await NextAsync(call)).Delivery.DeliveryId;
            await call.RequestStream.CompleteAsync();
            Assert.False(await call.ResponseStream.MoveNext(Token));
        }

        var again = Assert.Single((await _gw.Client.PullAsync(new PullRequest(), CallAs(_gw.RecipientToken))).Deliveries);

        Assert.Equal((deliveryId, 2U), (again.DeliveryId, again.Attempt));
    }

    [Fact]
    public async Task Exchange_FirstMessageNotSubscribe_FailsWithInvalidArgument()
    {
        using var call = _gw.Client.Exchange(new Metadata { { "authorization", $"Bearer {_gw.RecipientToken}" } }, cancellationToken: Token);
        await call.RequestStream.WriteAsync(new ExchangeRequest { Credit = new Credit { Credits = 1 } }, Token);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Token));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("subscribe: the first message", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_SubscribeForAnotherOrganisation_FailsWithPermissionDenied()
    {
        using var call = _gw.Client.Exchange(new Metadata { { "authorization", $"Bearer {_gw.RecipientToken}" } }, cancellationToken: Token);
        await call.RequestStream.WriteAsync(new ExchangeRequest { Subscribe = new Subscribe { OrgCodes = { Office }, Credits = 1 } }, Token);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Token));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task Exchange_TwoStreamsOfOneOrganisation_ShareTheQueue()
    {
        using var a = await SubscribeAsync(_gw.RecipientToken, 3);
        using var b = await SubscribeAsync(_gw.SecondRecipientToken, 3);
        for (var i = 0; i < 6; i++)
            await SendAsync($"cv-{i}");

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await NextAsync(a)).Delivery.DeliveryId);
            ids.Add((await NextAsync(b)).Delivery.DeliveryId);
        }

        Assert.Equal(6, ids.Distinct().Count());
    }

    public async ValueTask DisposeAsync()
    {
        await _gw.DisposeAsync();
        _timeout.Dispose();
    }
}
