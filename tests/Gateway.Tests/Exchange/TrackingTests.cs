using Gateway.Protocol.V1;
using Gateway.Tests.Support;
using Grpc.Core;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Exchange;

/// <summary>UpdateStatus and GetTrace: statuses follow the edXML rules and travel back; traces show every step.</summary>
public sealed class TrackingTests : IAsyncLifetime
{
    private static readonly byte[] Payload = "%PDF-1.7 Quyết định"u8.ToArray();
    private ExchangeGateway _gw = null!;

    public async ValueTask InitializeAsync() => _gw = await StartAsync();

    private async Task<string> SendAsync(string reference, BusinessType type = BusinessType.New, string? referenced = null)
    {
        var header = Documents.Header(Office, [NgheAn], reference, Payload);
        if (referenced is not null)
            header.Business = new BusinessInfo { Type = type, ReferencedDocumentId = referenced };
        var request = new SendRequest { Header = Documents.SignedHeaderOf(header), Payload = Google.Protobuf.ByteString.CopyFrom(Payload) };
        return (await _gw.Client.SendAsync(request, _gw.Call)).Receipt.DocumentId;
    }

    private async Task<List<Delivery>> PullAndAckAsync(string token)
    {
        var deliveries = (await _gw.Client.PullAsync(new PullRequest(), CallAs(token))).Deliveries.ToList();
        if (deliveries.Count > 0)
        {
            var ack = new AckRequest();
            ack.Settlements.Add(deliveries.Select(d => new Settlement { DeliveryId = d.DeliveryId, Outcome = Settlement.Types.Outcome.Ack }));
            await _gw.Client.AckAsync(ack, CallAs(token));
        }

        return deliveries;
    }

    private Task<UpdateStatusResponse> ReportAsync(string documentId, DocumentStatus code, string description = "", string from = NgheAn, string? token = null) =>
        _gw.Client.UpdateStatusAsync(new UpdateStatusRequest { DocumentId = documentId, FromOrg = from, Code = code, Description = description }, CallAs(token ?? _gw.RecipientToken)).ResponseAsync;

    private async Task<RpcException> RefusedAsync(string documentId, DocumentStatus code, string description = "", string from = NgheAn, string? token = null) =>
        await Assert.ThrowsAsync<RpcException>(() => ReportAsync(documentId, code, description, from, token));

    [Fact]
    public async Task GetTrace_AfterSendPullAck_ShowsEveryStepInOrder()
    {
        var id = await SendAsync("cv-1");
        await PullAndAckAsync(_gw.RecipientToken);

        var trace = await _gw.Client.GetTraceAsync(new GetTraceRequest { DocumentId = id }, _gw.Call);

        Assert.Equal(["accepted", "queued", "delivered", "acked", "status"], trace.Events.Select(e => e.Kind));
        Assert.Equal(trace.Events.Select(e => e.Sequence).Order(), trace.Events.Select(e => e.Sequence));
        Assert.Equal((NgheAn, 1U), (trace.Events[2].Org, trace.Events[2].Attempt));
        Assert.Equal(DocumentStatus.Arrived, trace.Events[4].Status);
        Assert.False(trace.Header.Header.IsEmpty);
    }

    [Fact]
    public async Task GetTrace_ByTheRecipient_IsAllowed()
    {
        var id = await SendAsync("cv-1");
        var trace = await _gw.Client.GetTraceAsync(new GetTraceRequest { DocumentId = id }, CallAs(_gw.RecipientToken));
        Assert.Equal(id, trace.DocumentId);
    }

    [Fact]
    public async Task GetTrace_ByAnUninvolvedSystem_FailsWithNotFound()
    {
        var id = await SendAsync("cv-1");
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _gw.Client.GetTraceAsync(new GetTraceRequest { DocumentId = id }, CallAs(_gw.StrangerToken)));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("is visible to system 'dms-g14'", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateStatus_RecipientReportsAccepted_SenderReceivesIt()
    {
        var id = await SendAsync("cv-1");
        await PullAndAckAsync(_gw.RecipientToken);
        await PullAndAckAsync(_gw.Token); // 01 arrived

        await ReportAsync(id, DocumentStatus.Accepted, "vào sổ công văn đến số 123");

        var status = Assert.Single(await PullAndAckAsync(_gw.Token)).Status;
        Assert.Equal((id, NgheAn, Office, DocumentStatus.Accepted, "vào sổ công văn đến số 123"), (status.DocumentId, status.FromOrg, status.ToOrg, status.Code, status.Description));
    }

    [Fact]
    public async Task UpdateStatus_RejectedWithoutReason_FailsWithFailedPrecondition()
    {
        var id = await SendAsync("cv-1");
        var error = await RefusedAsync(id, DocumentStatus.Rejected);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("02 (Rejected) needs a reason in description", error.Status.Detail);
    }

    [Theory]
    [InlineData(DocumentStatus.Finished)]
    [InlineData(DocumentStatus.Rejected)]
    public async Task UpdateStatus_AfterAnEndingStatus_NothingMovesOn(DocumentStatus ending)
    {
        var id = await SendAsync("cv-1");
        await ReportAsync(id, ending, "lý do");

        var error = await RefusedAsync(id, DocumentStatus.Processing);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("nothing moves out of 02 or 06", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateStatus_AgreedWithoutARequest_FailsNamingTheRule()
    {
        var id = await SendAsync("cv-1");
        var error = await RefusedAsync(id, DocumentStatus.RequestAgreed);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("answers a take-back request (13) or an update", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateStatus_TakeBackThenAgreed_BothTravelToTheOtherSide()
    {
        var id = await SendAsync("cv-1");
        await PullAndAckAsync(_gw.RecipientToken);
        await PullAndAckAsync(_gw.Token);

        await ReportAsync(id, DocumentStatus.TakeBackRequested, "gửi nhầm", from: Office, token: _gw.Token);
        var request = Assert.Single(await PullAndAckAsync(_gw.RecipientToken)).Status;
        await ReportAsync(id, DocumentStatus.RequestAgreed);
        var answer = Assert.Single(await PullAndAckAsync(_gw.Token)).Status;

        Assert.Equal((DocumentStatus.TakeBackRequested, Office, NgheAn), (request.Code, request.FromOrg, request.ToOrg));
        Assert.Equal((DocumentStatus.RequestAgreed, NgheAn, Office), (answer.Code, answer.FromOrg, answer.ToOrg));
    }

    [Fact]
    public async Task UpdateStatus_AnswerToAnUpdate_IsAllowedWithoutARequest()
    {
        var original = await SendAsync("cv-1");
        var update = await SendAsync("cv-1-update", BusinessType.Update, original);
        await ReportAsync(update, DocumentStatus.RequestRefused, "bản cập nhật thiếu phụ lục");
    }

    [Fact]
    public async Task UpdateStatus_ArrivedReportedByHand_FailsWithInvalidArgument()
    {
        var id = await SendAsync("cv-1");
        var error = await RefusedAsync(id, DocumentStatus.Arrived);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task UpdateStatus_BySenderAsIfRecipient_FailsWithFailedPrecondition()
    {
        var id = await SendAsync("cv-1");
        var error = await RefusedAsync(id, DocumentStatus.Accepted, from: Office, token: _gw.Token);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("is not a recipient", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateStatus_ForAnotherSystemsOrganisation_FailsWithPermissionDenied()
    {
        var id = await SendAsync("cv-1");
        var error = await RefusedAsync(id, DocumentStatus.Accepted, from: NgheAn, token: _gw.Token);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    public async ValueTask DisposeAsync() => await _gw.DisposeAsync();
}
