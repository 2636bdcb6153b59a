using System.Security.Cryptography;
using Gateway.Protocol.V1;
using Gateway.Store.Blobs;
using Gateway.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Exchange;

/// <summary>
/// Store:SmallPayloadBytes: payloads up to the threshold are committed in the database with their
/// document (no file, no extra fsync); larger ones are blob files. Either way recipients get the same bytes.
/// </summary>
public sealed class SmallPayloadTests
{
    private static byte[] Bytes(int size, int seed)
    {
        var payload = new byte[size];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    private static Task<ExchangeGateway> StartAsync(string threshold) =>
        ExchangeGateway.StartAsync(new Dictionary<string, string?> { ["Limits:InlinePayloadBytes"] = "64KiB", ["Store:SmallPayloadBytes"] = threshold });

    private static long StoredInDatabase(ExchangeGateway gw, byte[] payload) =>
        gw.Count($"SELECT COUNT(*) FROM payloads WHERE sha256 = x'{Convert.ToHexStringLower(SHA256.HashData(payload))}' AND length(bytes) = {payload.Length}");

    private static bool StoredAsFile(ExchangeGateway gw, byte[] payload) =>
        File.Exists(gw.Gateway.Services.GetRequiredService<BlobStore>().PathOf(SHA256.HashData(payload)));

    private static async Task<byte[]> FetchAsync(ExchangeGateway gw, string documentId)
    {
        using var call = gw.Client.Fetch(new FetchRequest { FetchHandle = documentId }, CallAs(gw.RecipientToken));
        var bytes = new List<byte>();
        await foreach (var message in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
            bytes.AddRange(message.Chunk);
        return [.. bytes];
    }

    [Fact]
    public async Task Send_PayloadUpToTheThreshold_IsCommittedInTheDatabaseAndDeliveredByteForByte()
    {
        await using var gw = await StartAsync("1KiB");
        var atThreshold = Bytes(1024, 1);

        var receipt = (await gw.Client.SendAsync(Documents.Send(Office, [NgheAn], "nho-1", atThreshold), gw.Call)).Receipt;

        Assert.Equal(1, StoredInDatabase(gw, atThreshold));
        Assert.False(StoredAsFile(gw, atThreshold));
        var delivery = Assert.Single((await gw.Client.PullAsync(new PullRequest(), CallAs(gw.RecipientToken))).Deliveries);
        Assert.Equal(receipt.DocumentId, delivery.Document.DocumentId);
        Assert.Equal(atThreshold, delivery.Document.Payload.ToByteArray());
        Assert.Equal(atThreshold, await FetchAsync(gw, receipt.DocumentId));
    }

    [Fact]
    public async Task Send_PayloadOverTheThreshold_IsABlobFileAndNotInTheDatabase()
    {
        await using var gw = await StartAsync("1KiB");
        var over = Bytes(1025, 2);

        var receipt = (await gw.Client.SendAsync(Documents.Send(Office, [NgheAn], "lon-1", over), gw.Call)).Receipt;

        Assert.Equal(0, StoredInDatabase(gw, over));
        Assert.True(StoredAsFile(gw, over));
        var delivery = Assert.Single((await gw.Client.PullAsync(new PullRequest(), CallAs(gw.RecipientToken))).Deliveries);
        Assert.Equal(over, delivery.Document.Payload.ToByteArray());
        Assert.Equal(over, await FetchAsync(gw, receipt.DocumentId));
    }

    [Fact]
    public async Task Send_ThresholdZero_StoresEveryPayloadAsAFile()
    {
        await using var gw = await StartAsync("0");
        var payload = Bytes(10, 3);

        await gw.Client.SendAsync(Documents.Send(Office, [NgheAn], "tep-1", payload), gw.Call);

        Assert.Equal(0, gw.Count("SELECT COUNT(*) FROM payloads"));
        Assert.True(StoredAsFile(gw, payload));
    }

    [Fact]
    public async Task Send_SamePayloadInTwoDocuments_IsStoredOnce()
    {
        await using var gw = await StartAsync("64KiB");
        var payload = Bytes(4096, 4);

        await gw.Client.SendAsync(Documents.Send(Office, [NgheAn], "ban-sao-1", payload), gw.Call);
        await gw.Client.SendAsync(Documents.Send(Office, [NgheAn], "ban-sao-2", payload), gw.Call);

        Assert.Equal(2, gw.Count("SELECT COUNT(*) FROM documents"));
        Assert.Equal(1, gw.Count("SELECT COUNT(*) FROM payloads"));
        var deliveries = (await gw.Client.PullAsync(new PullRequest { MaxDeliveries = 10 }, CallAs(gw.RecipientToken))).Deliveries;
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(payload, d.Document.Payload.ToByteArray()));
    }

    [Fact]
    public async Task Send_RefusedInsideTheCommit_LeavesNoPayloadBehind()
    {
        await using var gw = await StartAsync("64KiB");
        var first = Bytes(100, 5);
        var other = Bytes(100, 6);
        await gw.Client.SendAsync(Documents.Send(Office, [NgheAn], "cv-trung", first), gw.Call);

        // The same client reference with another header (another payload) is refused by the persist stage.
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await gw.Client.SendAsync(Documents.Send(Office, [NgheAn], "cv-trung", other), gw.Call));

        Assert.Equal(StatusCode.AlreadyExists, refused.StatusCode);
        Assert.Equal(0, StoredInDatabase(gw, other));
        Assert.False(StoredAsFile(gw, other));
        Assert.Equal(1, gw.Count("SELECT COUNT(*) FROM payloads"));
    }
}
