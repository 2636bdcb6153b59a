using Gateway.Protocol.V1;
using Gateway.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Exchange;

/// <summary>Pull and Ack: the unary receive path, at-least-once with leases, on a manual clock.</summary>
public sealed class ReceiveTests : IAsyncLifetime
{
    private static readonly byte[] Payload = "%PDF-1.7 Công văn gửi tỉnh Nghệ An"u8.ToArray();
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private ExchangeGateway _gw = null!;

    public async ValueTask InitializeAsync() => _gw = await StartAsync(new Dictionary<string, string?>
    {
        ["Delivery:LeaseDuration"] = "30s",
        ["Delivery:MaxAttempts"] = "3",
        ["Delivery:BackoffBase"] = "1s",
    }, _clock);

    private async Task<Receipt> SendAsync(string reference, Priority priority = Priority.Normal, string to = NgheAn, Timestamp? expiresAt = null)
    {
        var header = Documents.Header(Office, [to], reference, Payload);
        header.Priority = priority;
        header.ExpiresAt = expiresAt;
        var request = new SendRequest { Header = Documents.SignedHeaderOf(header), Payload = Google.Protobuf.ByteString.CopyFrom(Payload) };
        return (await _gw.Client.SendAsync(request, _gw.Call)).Receipt;
    }

    private async Task<List<Delivery>> PullAsync(string? token = null, uint max = 0, params string[] orgs)
    {
        var request = new PullRequest { MaxDeliveries = max };
        request.OrgCodes.Add(orgs);
        return [.. (await _gw.Client.PullAsync(request, CallAs(token ?? _gw.RecipientToken))).Deliveries];
    }

    private async Task<SettlementResult> SettleAsync(string deliveryId, Settlement.Types.Outcome outcome, string? token = null, string reason = "")
    {
        var request = new AckRequest { Settlements = { new Settlement { DeliveryId = deliveryId, Outcome = outcome, Reason = reason } } };
        return Assert.Single((await _gw.Client.AckAsync(request, CallAs(token ?? _gw.RecipientToken))).Results);
    }

    [Fact]
    public async Task Pull_AfterSend_ReceivesTheSignedHeaderBytesAndPayloadExactly()
    {
        var sent = Documents.Send(Office, [NgheAn], "cv-1", Payload);
        var receipt = (await _gw.Client.SendAsync(sent, _gw.Call)).Receipt;

        var delivery = Assert.Single(await PullAsync());

        Assert.Equal(NgheAn, delivery.Recipient);
        Assert.Equal(1U, delivery.Attempt);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(30).ToUnixTimeMilliseconds(), delivery.LeaseExpiresAt.ToDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(receipt.DocumentId, delivery.Document.DocumentId);
        Assert.Equal(sent.Header.Header, delivery.Document.Header.Header);
        Assert.Equal(Payload, delivery.Document.Payload.ToByteArray());
        Assert.Equal(receipt.AcceptedAt, delivery.Document.AcceptedAt);
    }

    [Fact]
    public async Task Pull_LeasedDelivery_IsOfferedAgainOnlyAfterTheLeaseWithTheSameId()
    {
        await SendAsync("cv-1");
        var first = Assert.Single(await PullAsync());

        Assert.Empty(await PullAsync());
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await PullAsync());
        _clock.Advance(TimeSpan.FromSeconds(1));

        var again = Assert.Single(await PullAsync());
        Assert.Equal(first.DeliveryId, again.DeliveryId);
        Assert.Equal(2U, again.Attempt);
    }

    [Fact]
    public async Task Ack_Document_SenderReceivesStatusArrivedThroughItsQueue()
    {
        var receipt = await SendAsync("cv-1");
        var delivery = Assert.Single(await PullAsync());

        var result = await SettleAsync(delivery.DeliveryId, Settlement.Types.Outcome.Ack);

        Assert.True(result.Applied);
        var status = Assert.Single(await PullAsync(_gw.Token));
        Assert.Equal(Office, status.Recipient);
        Assert.Equal((receipt.DocumentId, NgheAn, Office, DocumentStatus.Arrived), (status.Status.DocumentId, status.Status.FromOrg, status.Status.ToOrg, status.Status.Code));
        Assert.Empty(await PullAsync());
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await PullAsync());
    }

    [Fact]
    public async Task Ack_Twice_SecondIsNotAppliedAndSaysWhy()
    {
        await SendAsync("cv-1");
        var delivery = Assert.Single(await PullAsync());
        await SettleAsync(delivery.DeliveryId, Settlement.Types.Outcome.Ack);

        var again = await SettleAsync(delivery.DeliveryId, Settlement.Types.Outcome.Ack);

        Assert.False(again.Applied);
        Assert.Equal("already acknowledged", again.Detail);
    }

    [Fact]
    public async Task Ack_AnotherSystemsDelivery_IsUnknownToTheCaller()
    {
        await SendAsync("cv-1");
        var delivery = Assert.Single(await PullAsync());

        var result = await SettleAsync(delivery.DeliveryId, Settlement.Types.Outcome.Ack, token: _gw.Token);

        Assert.False(result.Applied);
        Assert.Equal("unknown delivery id", result.Detail);
    }

    [Fact]
    public async Task Pull_FlashDocument_OvertakesTheNormalBacklog()
    {
        var backlog = new List<Receipt>();
        for (var i = 0; i < 3; i++)
            backlog.Add(await SendAsync($"normal-{i}"));
        var flash = await SendAsync("flash", Priority.Flash);

        var first = Assert.Single(await PullAsync(max: 1));

        Assert.Equal(flash.DocumentId, first.Document.DocumentId);
        // Then the backlog, in acceptance (store sequence) order.
        var rest = await PullAsync();
        Assert.Equal(backlog.OrderBy(r => r.Sequence).Select(r => r.DocumentId), rest.Select(d => d.Document.DocumentId));
    }

    [Fact]
    public async Task Nack_Delivery_OfferedAgainAfterBackoffWithTheSameId()
    {
        await SendAsync("cv-1");
        var delivery = Assert.Single(await PullAsync());

        var result = await SettleAsync(delivery.DeliveryId, Settlement.Types.Outcome.Nack);

        Assert.True(result.Applied);
        Assert.Empty(await PullAsync());
        _clock.Advance(TimeSpan.FromSeconds(1)); // the first backoff is between half the base and the base
        var again = Assert.Single(await PullAsync());
        Assert.Equal((delivery.DeliveryId, 2U), (again.DeliveryId, again.Attempt));
    }

    [Fact]
    public async Task Pull_AfterMaxAttempts_DeadLettersInsteadOfOffering()
    {
        await SendAsync("cv-1");
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Single(await PullAsync());
            _clock.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Empty(await PullAsync());
        Assert.Equal(1, _gw.Count("SELECT COUNT(*) FROM deliveries WHERE state = 3 AND dead_reason LIKE 'max_attempts: 3 delivery attempts%'"));
    }

    [Fact]
    public async Task Reject_Delivery_DeadLettersWithTheReason()
    {
        await SendAsync("cv-1");
        var delivery = Assert.Single(await PullAsync());

        Assert.True((await SettleAsync(delivery.DeliveryId, Settlement.Types.Outcome.Reject, reason: "sai nơi nhận")).Applied);

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await PullAsync());
        Assert.Equal(1, _gw.Count($"SELECT COUNT(*) FROM deliveries WHERE state = 3 AND dead_reason = 'rejected by {NgheAn}: sai nơi nhận'"));
    }

    [Fact]
    public async Task Pull_ExpiredDocument_DeadLettersWithReasonExpired()
    {
        await SendAsync("cv-1", expiresAt: Timestamp.FromDateTimeOffset(_clock.GetUtcNow().AddMinutes(1)));
        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Empty(await PullAsync());
        Assert.Equal(1, _gw.Count("SELECT COUNT(*) FROM deliveries WHERE state = 3 AND dead_reason LIKE 'expired:%'"));
    }

    [Fact]
    public async Task Pull_RedirectedDocument_SaysWhichCodeTheSenderWrote()
    {
        await SendAsync("cv-1", to: OldProvince);

        var delivery = Assert.Single(await PullAsync());

        Assert.Equal((OldProvince, NgheAn), (delivery.Document.Redirection.FromCode, delivery.Document.Redirection.ToCode));
    }

    [Fact]
    public async Task Pull_CompetingConsumers_ReceiveDisjointDeliveries()
    {
        for (var i = 0; i < 20; i++)
            await SendAsync($"cv-{i}");

        var both = await Task.WhenAll(PullAsync(max: 12), PullAsync(_gw.SecondRecipientToken, max: 12));

        var ids = both.SelectMany(d => d).Select(d => d.DeliveryId).ToList();
        Assert.Equal(20, ids.Count);
        Assert.Equal(20, ids.Distinct().Count());
    }

    [Fact]
    public async Task Pull_ForAnotherOrganisation_FailsWithPermissionDenied()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => PullAsync(orgs: Office));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains($"'{Office}'", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_TooMany_FailsWithInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => PullAsync(max: 1001));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("max_deliveries:", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ack_EmptyRequest_FailsWithInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _gw.Client.AckAsync(new AckRequest(), CallAs(_gw.RecipientToken)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    public async ValueTask DisposeAsync() => await _gw.DisposeAsync();
}
