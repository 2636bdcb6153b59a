using System.Security.Cryptography;
using Gateway.Protocol.V1;
using Gateway.Store.Blobs;
using Gateway.Tests.Support;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Exchange;

public sealed class SendTests : IAsyncLifetime
{
    private ExchangeGateway _gw = null!;

    private static readonly byte[] Payload = "%PDF-1.7 Công văn thử nghiệm"u8.ToArray();

    public async ValueTask InitializeAsync() => _gw = await StartAsync(new Dictionary<string, string?> { ["Limits:InlinePayloadBytes"] = "64KiB" });

    private async Task<RpcException> Refused(SendRequest request, CallOptions? call = null) =>
        await Assert.ThrowsAsync<RpcException>(async () => await _gw.Client.SendAsync(request, call ?? _gw.Call));

    [Fact]
    public async Task Send_ValidDocument_ReceiptNamesDurableDocumentDeliveriesAndPayload()
    {
        var request = Documents.Send(Office, [NgheAn, Ministry], "cv-7816", Payload);

        var receipt = (await _gw.Client.SendAsync(request, _gw.Call)).Receipt;

        Assert.False(receipt.Duplicate);
        Assert.Equal(SHA256.HashData(request.Header.Header.Span), receipt.HeaderDigest.ToByteArray());
        Assert.Equal(1, _gw.Count($"SELECT COUNT(*) FROM documents WHERE id = '{receipt.DocumentId}' AND seq = {receipt.Sequence} AND signature_checked = 0"));
        Assert.Equal(2, _gw.Count($"SELECT COUNT(*) FROM deliveries d JOIN documents x ON x.seq = d.document_seq WHERE x.id = '{receipt.DocumentId}' AND d.state = 0"));
        // A small payload is committed with its document (Store:SmallPayloadBytes), not as a file.
        Assert.Equal(1, _gw.Count($"SELECT COUNT(*) FROM payloads WHERE sha256 = x'{Convert.ToHexStringLower(SHA256.HashData(Payload))}' AND bytes = x'{Convert.ToHexStringLower(Payload)}'"));
    }

    [Fact]
    public async Task Send_SameReferenceAndHeaderTwice_ReturnsTheOriginalReceipt()
    {
        var request = Documents.Send(Office, [NgheAn], "cv-1", Payload);
        var first = (await _gw.Client.SendAsync(request, _gw.Call)).Receipt;

        var again = (await _gw.Client.SendAsync(request, _gw.Call)).Receipt;

        Assert.True(again.Duplicate);
        Assert.Equal((first.DocumentId, first.Sequence, first.AcceptedAt, first.HeaderDigest), (again.DocumentId, again.Sequence, again.AcceptedAt, again.HeaderDigest));
        Assert.Equal(1, _gw.Count("SELECT COUNT(*) FROM documents"));
    }

    [Fact]
    public async Task Send_SameReferenceOtherHeader_FailsWithAlreadyExists()
    {
        await _gw.Client.SendAsync(Documents.Send(Office, [NgheAn], "cv-1", Payload), _gw.Call);

        var error = await Refused(Documents.Send(Office, [Ministry], "cv-1", Payload));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("'cv-1' of sender '000.00.00.G22' was already used", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_UnknownRecipients_FailsWithNotFoundListingEveryUnknownCode()
    {
        var error = await Refused(Documents.Send(Office, [NgheAn, "000.00.99.H44", "000.00.98.H44"], "cv-1", Payload));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("header.recipients: 2 of 3 codes are not in the registry: 000.00.99.H44, 000.00.98.H44; nothing was stored", error.Status.Detail);
        Assert.Equal(0, _gw.Count("SELECT COUNT(*) FROM documents"));
    }

    [Fact]
    public async Task Send_MalformedRecipient_FailsWithInvalidArgumentNamingFieldAndValue()
    {
        var error = await Refused(Documents.Send(Office, [NgheAn, "000.00.0.G22"], "cv-1", Payload));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("header.recipients[1]: '000.00.0.G22' is not an organisation code", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_UndecodableHeader_FailsWithInvalidArgument()
    {
        var request = new SendRequest { Header = new SignedHeader { Header = ByteString.CopyFrom(0xFF, 0x01) }, Payload = ByteString.CopyFrom(Payload) };
        var error = await Refused(request);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("header.header: is not a serialized axis.v1.DocumentHeader", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_PayloadOverInlineLimit_FailsWithResourceExhaustedPointingToUpload()
    {
        var big = RandomNumberGenerator.GetBytes(65 * 1024);
        var error = await Refused(Documents.Send(Office, [NgheAn], "cv-big", big));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("send it with Upload", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_PayloadNotMatchingHeader_FailsWithInvalidArgumentAndStoresNothing()
    {
        var request = Documents.Send(Office, [NgheAn], "cv-1", Payload);
        var altered = Payload.ToArray();
        altered[0] ^= 1;
        request.Payload = ByteString.CopyFrom(altered);

        var error = await Refused(request);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("the payload was altered", error.Status.Detail, StringComparison.Ordinal);
        Assert.False(_gw.Gateway.Services.GetRequiredService<BlobStore>().Exists(SHA256.HashData(altered)));
        Assert.Equal(0, _gw.Count("SELECT COUNT(*) FROM payloads") + _gw.Count("SELECT COUNT(*) FROM documents"));
    }

    [Fact]
    public async Task Send_AsAnotherOrganisation_FailsWithPermissionDeniedNamingTheCode()
    {
        var error = await Refused(Documents.Send(NgheAn, [Office], "cv-1", Payload));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("'000.00.00.H41'", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WithoutToken_FailsWithUnauthenticated()
    {
        var error = await Refused(Documents.Send(Office, [NgheAn], "cv-1", Payload), new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Send_ToSucceededCode_DeliversToSuccessorAndReceiptSaysSo()
    {
        var receipt = (await _gw.Client.SendAsync(Documents.Send(Office, [OldProvince], "cv-1", Payload), _gw.Call)).Receipt;

        var redirection = Assert.Single(receipt.Redirections);
        Assert.Equal((OldProvince, NgheAn), (redirection.FromCode, redirection.ToCode));
        Assert.Equal(1, _gw.Count($"SELECT COUNT(*) FROM deliveries WHERE recipient = '{NgheAn}' AND requested = '{OldProvince}' AND redirect_effective_at IS NOT NULL"));
    }

    [Fact]
    public async Task Send_ToCodeAndItsPredecessor_DeliversOneCopy()
    {
        await _gw.Client.SendAsync(Documents.Send(Office, [NgheAn, OldProvince, "H41.151"], "cv-1", Payload), _gw.Call);
        Assert.Equal(1, _gw.Count("SELECT COUNT(*) FROM deliveries"));
    }

    [Fact]
    public async Task Send_ToSplitCode_FailsWithFailedPreconditionNamingSuccessors()
    {
        var error = await Refused(Documents.Send(Office, [SplitProvince], "cv-1", Payload));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains($"was split among {NgheAn}, {Ministry}", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _gw.Count("SELECT COUNT(*) FROM documents"));
    }

    [Fact]
    public async Task Send_ManyConcurrently_EveryOneGetsItsOwnDurableReceipt()
    {
        var receipts = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
            (await _gw.Client.SendAsync(Documents.Send(Office, [NgheAn], $"cv-{i}", Payload), _gw.Call)).Receipt));

        Assert.Equal(200, receipts.Select(r => r.DocumentId).Distinct().Count());
        Assert.Equal(200, receipts.Select(r => r.Sequence).Distinct().Count());
        Assert.Equal(200, _gw.Count("SELECT COUNT(*) FROM deliveries"));
    }

    public async ValueTask DisposeAsync() => await _gw.DisposeAsync();
}
