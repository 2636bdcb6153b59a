using System.Security.Cryptography;
using Gateway.Protocol.V1;
using Gateway.Store.Blobs;
using Gateway.Tests.Support;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Exchange;

/// <summary>Fetch: payloads over the inline limit are delivered as a handle and streamed on request.</summary>
public sealed class FetchTests : IAsyncLifetime
{
    private ExchangeGateway _gw = null!;

    // Over the 64 KiB inline limit, and spread over several Fetch messages.
    private static readonly byte[] Payload = RandomPayload(700_000);

    public async ValueTask InitializeAsync() => _gw = await StartAsync(new Dictionary<string, string?> { ["Limits:InlinePayloadBytes"] = "64KiB" });

    public async ValueTask DisposeAsync() => await _gw.DisposeAsync();

    private static byte[] RandomPayload(int size)
    {
        var payload = new byte[size];
        new Random(42).NextBytes(payload);
        return payload;
    }

    private async Task<Receipt> UploadAsync(byte[] payload, string reference = "cv-large")
    {
        using var upload = _gw.Client.Upload(_gw.Call);
        await upload.RequestStream.WriteAsync(new UploadRequest { Header = Documents.SignedHeaderOf(Documents.Header(Office, [NgheAn], reference, payload)) });
        for (var at = 0; at < payload.Length; at += 100_000)
            await upload.RequestStream.WriteAsync(new UploadRequest { Chunk = ByteString.CopyFrom(payload, at, Math.Min(100_000, payload.Length - at)) });
        await upload.RequestStream.CompleteAsync();
        return (await upload.ResponseAsync).Receipt;
    }

    private async Task<List<FetchResponse>> FetchAsync(string handle, long offset = 0, string? token = null)
    {
        using var call = _gw.Client.Fetch(new FetchRequest { FetchHandle = handle, Offset = offset }, CallAs(token ?? _gw.RecipientToken));
        var messages = new List<FetchResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
            messages.Add(message);
        return messages;
    }

    private static byte[] Joined(List<FetchResponse> messages) => [.. messages.SelectMany(m => m.Chunk)];

    private Task<RpcException> RefusedAsync(string handle, long offset = 0, string? token = null) =>
        Assert.ThrowsAsync<RpcException>(() => FetchAsync(handle, offset, token));

    [Fact]
    public async Task Pull_DocumentOverInlineLimit_DeliversAFetchHandleInsteadOfThePayload()
    {
        var receipt = await UploadAsync(Payload);

        var delivery = Assert.Single((await _gw.Client.PullAsync(new PullRequest(), CallAs(_gw.RecipientToken))).Deliveries);

        Assert.Equal(receipt.DocumentId, delivery.Document.DocumentId);
        Assert.True(delivery.Document.Payload.IsEmpty);
        Assert.Equal(receipt.DocumentId, delivery.Document.FetchHandle);
    }

    [Fact]
    public async Task Fetch_ByRecipient_ReturnsTheExactBytesWithSizeAndDigestFirst()
    {
        await UploadAsync(Payload);
        var handle = Assert.Single((await _gw.Client.PullAsync(new PullRequest(), CallAs(_gw.RecipientToken))).Deliveries).Document.FetchHandle;

        var messages = await FetchAsync(handle);

        Assert.Equal(Payload, Joined(messages));
        Assert.Equal(Payload.Length, messages[0].TotalSize);
        Assert.Equal(SHA256.HashData(Payload), messages[0].Sha256.ToByteArray());
        Assert.True(messages.Count > 1);
        Assert.All(messages.Skip(1), m => Assert.True(m.Sha256.IsEmpty && m.TotalSize == 0));
        Assert.All(messages, m => Assert.InRange(m.Chunk.Length, 1, 1024 * 1024));
        var offset = 0L;
        foreach (var message in messages)
        {
            Assert.Equal(offset, message.Offset);
            offset += message.Chunk.Length;
        }
    }

    [Fact]
    public async Task Fetch_FromOffset_ResumesWithTheTail()
    {
        var receipt = await UploadAsync(Payload);
        const int Offset = 300_001;

        var messages = await FetchAsync(receipt.DocumentId, Offset);

        Assert.Equal(Payload[Offset..], Joined(messages));
        Assert.Equal(Offset, messages[0].Offset);
        Assert.Equal(Payload.Length, messages[0].TotalSize);
        Assert.Equal(SHA256.HashData(Payload), messages[0].Sha256.ToByteArray());
    }

    [Fact]
    public async Task Fetch_AtTheEnd_ReturnsOnlySizeAndDigest()
    {
        var receipt = await UploadAsync(Payload);

        var message = Assert.Single(await FetchAsync(receipt.DocumentId, Payload.Length));

        Assert.True(message.Chunk.IsEmpty);
        Assert.Equal(Payload.Length, message.Offset);
        Assert.Equal(Payload.Length, message.TotalSize);
        Assert.Equal(SHA256.HashData(Payload), message.Sha256.ToByteArray());
    }

    [Fact]
    public async Task Fetch_BySender_ReturnsThePayload()
    {
        var receipt = await UploadAsync(Payload);

        Assert.Equal(Payload, Joined(await FetchAsync(receipt.DocumentId, token: _gw.Token)));
    }

    [Fact]
    public async Task Fetch_InlineSizedDocument_IsAlsoFetchable()
    {
        var small = "%PDF-1.7 Công văn nhỏ"u8.ToArray();
        var receipt = (await _gw.Client.SendAsync(Documents.Send(Office, [NgheAn], "cv-small", small), _gw.Call)).Receipt;

        Assert.Equal(small, Joined(await FetchAsync(receipt.DocumentId)));
    }

    [Fact]
    public async Task Fetch_ByStranger_FailsWithNotFoundAsForAnUnknownDocument()
    {
        var receipt = await UploadAsync(Payload);

        var stranger = await RefusedAsync(receipt.DocumentId, token: _gw.StrangerToken);
        var unknown = await RefusedAsync("no-such-document", token: _gw.StrangerToken);

        Assert.Equal(StatusCode.NotFound, stranger.StatusCode);
        Assert.Equal($"fetch_handle: no document '{receipt.DocumentId}' is visible to system 'dms-g14'", stranger.Status.Detail);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("fetch_handle: no document 'no-such-document' is visible to system 'dms-g14'", unknown.Status.Detail);
    }

    [Fact]
    public async Task Fetch_EmptyHandle_FailsWithInvalidArgument()
    {
        var error = await RefusedAsync("");

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("fetch_handle: is empty", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(700_001)]
    public async Task Fetch_OffsetOutsideThePayload_FailsWithOutOfRange(long offset)
    {
        var receipt = await UploadAsync(Payload);

        var error = await RefusedAsync(receipt.DocumentId, offset);

        Assert.Equal(StatusCode.OutOfRange, error.StatusCode);
        Assert.Equal($"offset: {offset} is outside the payload (0 to {Payload.Length} bytes)", error.Status.Detail);
    }

    [Fact]
    public async Task Fetch_PayloadFileMissing_FailsWithDataLoss()
    {
        var receipt = await UploadAsync(Payload);
        File.Delete(_gw.Gateway.Services.GetRequiredService<BlobStore>().PathOf(SHA256.HashData(Payload)));

        var error = await RefusedAsync(receipt.DocumentId);

        Assert.Equal(StatusCode.DataLoss, error.StatusCode);
        Assert.StartsWith($"document '{receipt.DocumentId}': its payload file {Convert.ToHexStringLower(SHA256.HashData(Payload))} is missing", error.Status.Detail, StringComparison.Ordinal);
    }
}
