using System.Security.Cryptography;
using Gateway.Configuration;
using Gateway.Protocol.V1;
using Gateway.Store.Blobs;
using Gateway.Tests.Support;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Exchange;

/// <summary>Upload: a header, then the payload in chunks, streamed to disk and checked on the fly.</summary>
public sealed class UploadTests : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;
    private ExchangeGateway _gw = null!;

    // A small inline limit proves chunks are bounded by the message limit (inline + 2 MiB), not by it.
    public async ValueTask InitializeAsync() => _gw = await StartAsync(new Dictionary<string, string?> { ["Limits:InlinePayloadBytes"] = "64KiB" });

    public async ValueTask DisposeAsync() => await _gw.DisposeAsync();

    private string BlobRoot => Path.Combine(_gw.Gateway.Services.GetRequiredService<StoreOptions>().DataDirectory, BlobStore.DirectoryName);

    private string[] BlobFiles => Directory.Exists(BlobRoot) ? Directory.GetFiles(BlobRoot, "*", SearchOption.AllDirectories) : [];

    private static byte[] RandomPayload(int size, int seed)
    {
        var payload = new byte[size];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    private static IEnumerable<UploadRequest> Chunks(byte[] payload, int chunkSize)
    {
        for (var at = 0; at < payload.Length; at += chunkSize)
            yield return new UploadRequest { Chunk = ByteString.CopyFrom(payload, at, Math.Min(chunkSize, payload.Length - at)) };
    }

    private static UploadRequest HeaderMessage(DocumentHeader header) => new() { Header = Documents.SignedHeaderOf(header) };

    /// <summary>
    /// Writes every message (stopping quietly if the server has already answered) and returns the
    /// server's answer: the receipt, or the refusal as an <see cref="RpcException"/>.
    /// </summary>
    private async Task<Receipt> UploadAsync(IEnumerable<UploadRequest> messages, CallOptions? call = null)
    {
        using var upload = _gw.Client.Upload(call ?? _gw.Call);
        try
        {
            foreach (var message in messages)
                await upload.RequestStream.WriteAsync(message);
            await upload.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException)
        {
            // The server refused mid-stream; its status is in the response.
        }

        return (await upload.ResponseAsync).Receipt;
    }

    private Task<RpcException> RefusedAsync(IEnumerable<UploadRequest> messages, CallOptions? call = null) =>
        Assert.ThrowsAsync<RpcException>(() => UploadAsync(messages, call));

    private void AssertNothingStored()
    {
        Assert.Equal(0, _gw.Count("SELECT COUNT(*) FROM documents"));
        Assert.Equal(0, _gw.Count("SELECT COUNT(*) FROM deliveries"));
        Assert.Empty(BlobFiles);
    }

    [Fact]
    public async Task Upload_TwentyMiBInOneMiBChunks_ReturnsReceiptAndStoresTheExactBlob()
    {
        var payload = RandomPayload(20 * MiB, seed: 1);
        var header = Documents.Header(Office, [NgheAn, Ministry], "cv-large", payload);

        var receipt = await UploadAsync([HeaderMessage(header), .. Chunks(payload, MiB)]);

        Assert.False(receipt.Duplicate);
        Assert.Equal(SHA256.HashData(header.ToByteArray()), receipt.HeaderDigest.ToByteArray());
        Assert.Equal(1, _gw.Count($"SELECT COUNT(*) FROM documents WHERE id = '{receipt.DocumentId}' AND payload_size = {20 * MiB} AND signature_checked = 0"));
        Assert.Equal(2, _gw.Count($"SELECT COUNT(*) FROM deliveries d JOIN documents x ON x.seq = d.document_seq WHERE x.id = '{receipt.DocumentId}'"));
        var blob = _gw.Gateway.Services.GetRequiredService<BlobStore>().PathOf(SHA256.HashData(payload));
        await using (var file = File.OpenRead(blob))
            Assert.Equal(SHA256.HashData(payload), await SHA256.HashDataAsync(file, TestContext.Current.CancellationToken));
        Assert.Single(BlobFiles); // and no temporary file left beside it
    }

    [Fact]
    public async Task Upload_ChunksOfEverySize_StoresTheConcatenation()
    {
        var payload = RandomPayload(300_000, seed: 2);
        var header = Documents.Header(Office, [NgheAn], "cv-odd", payload);
        // Uneven pieces, an empty one among them.
        var cuts = new[] { 0, 1, 1, 70_000, 70_001, 299_999, 300_000 };
        var messages = new List<UploadRequest> { HeaderMessage(header) };
        for (var i = 1; i < cuts.Length; i++)
            messages.Add(new UploadRequest { Chunk = ByteString.CopyFrom(payload, cuts[i - 1], cuts[i] - cuts[i - 1]) });

        var receipt = await UploadAsync(messages);

        var blob = _gw.Gateway.Services.GetRequiredService<BlobStore>().PathOf(SHA256.HashData(payload));
        Assert.Equal(payload, await File.ReadAllBytesAsync(blob, TestContext.Current.CancellationToken));
        Assert.Equal(1, _gw.Count($"SELECT COUNT(*) FROM documents WHERE id = '{receipt.DocumentId}'"));
    }

    [Fact]
    public async Task Upload_EmptyPayload_IsAccepted()
    {
        var header = Documents.Header(Office, [NgheAn], "cv-empty", []);

        var receipt = await UploadAsync([HeaderMessage(header)]);

        Assert.Equal(1, _gw.Count($"SELECT COUNT(*) FROM documents WHERE id = '{receipt.DocumentId}' AND payload_size = 0"));
    }

    [Fact]
    public async Task Upload_StreamEndsEarly_FailsWithInvalidArgumentAndStoresNothing()
    {
        var payload = RandomPayload(3 * MiB, seed: 3);
        var header = Documents.Header(Office, [NgheAn], "cv-short", payload);

        var error = await RefusedAsync([HeaderMessage(header), .. Chunks(payload, MiB).Take(2)]);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal($"chunk: the stream ended after {2 * MiB} of {3 * MiB} bytes (header.payload.size); nothing was stored, upload the whole payload again", error.Status.Detail);
        AssertNothingStored();
    }

    [Fact]
    public async Task Upload_ShaMismatch_FailsWithInvalidArgumentNamingBothDigestsAndStoresNothing()
    {
        var payload = RandomPayload(2 * MiB, seed: 4);
        var header = Documents.Header(Office, [NgheAn], "cv-altered", payload);
        var altered = (byte[])payload.Clone();
        altered[MiB] ^= 0xFF;

        var error = await RefusedAsync([HeaderMessage(header), .. Chunks(altered, MiB)]);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains($"SHA-256 is {Convert.ToHexStringLower(SHA256.HashData(altered))} but header.payload.sha256 says {Convert.ToHexStringLower(SHA256.HashData(payload))}", error.Status.Detail, StringComparison.Ordinal);
        AssertNothingStored();
    }

    [Fact]
    public async Task Upload_ChunkBeforeHeader_FailsWithInvalidArgument()
    {
        var payload = RandomPayload(1000, seed: 5);

        var error = await RefusedAsync([.. Chunks(payload, 500), HeaderMessage(Documents.Header(Office, [NgheAn], "cv-1", payload))]);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("header: must come in the first message, before any chunk; nothing was stored", error.Status.Detail);
        AssertNothingStored();
    }

    [Fact]
    public async Task Upload_SecondHeader_FailsWithInvalidArgument()
    {
        var payload = RandomPayload(1000, seed: 6);
        var header = HeaderMessage(Documents.Header(Office, [NgheAn], "cv-1", payload));

        var error = await RefusedAsync([header, .. Chunks(payload, 500), header]);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("header: came again in message 4", error.Status.Detail, StringComparison.Ordinal);
        AssertNothingStored();
    }

    [Fact]
    public async Task Upload_EmptyStream_FailsWithInvalidArgument()
    {
        var error = await RefusedAsync([]);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("header: is missing", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_MoreBytesThanHeaderSays_FailsWithInvalidArgumentAsSoonAsExceeded()
    {
        var payload = RandomPayload(2 * MiB, seed: 7);
        var header = Documents.Header(Office, [NgheAn], "cv-long", payload[..(MiB + 10)]);

        var error = await RefusedAsync([HeaderMessage(header), .. Chunks(payload, MiB)]);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal($"chunk: message 3 brings the payload to {2 * MiB} bytes, more than header.payload.size ({MiB + 10}); nothing was stored", error.Status.Detail);
        AssertNothingStored();
    }

    [Fact]
    public async Task Upload_SameReferenceRetried_ReturnsTheOriginalReceipt()
    {
        var payload = RandomPayload(MiB + 3, seed: 8);
        var header = Documents.Header(Office, [NgheAn], "cv-retry", payload);
        var first = await UploadAsync([HeaderMessage(header), .. Chunks(payload, 256 * 1024)]);

        var again = await UploadAsync([HeaderMessage(header), .. Chunks(payload, 512 * 1024)]);

        Assert.True(again.Duplicate);
        Assert.Equal((first.DocumentId, first.Sequence, first.AcceptedAt, first.HeaderDigest), (again.DocumentId, again.Sequence, again.AcceptedAt, again.HeaderDigest));
        Assert.Equal(1, _gw.Count("SELECT COUNT(*) FROM documents"));
        Assert.Single(BlobFiles);
    }

    [Fact]
    public async Task Upload_UnknownRecipient_FailsWithNotFoundBeforeAnyChunk()
    {
        var payload = RandomPayload(1000, seed: 9);
        using var upload = _gw.Client.Upload(_gw.Call);
        await upload.RequestStream.WriteAsync(HeaderMessage(Documents.Header(Office, [NgheAn, "000.00.99.H44"], "cv-1", payload)), TestContext.Current.CancellationToken);

        // The request stream is left open: the server answers on the header alone.
        var error = await Assert.ThrowsAsync<RpcException>(() => upload.ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("header.recipients: 1 of 2 codes are not in the registry: 000.00.99.H44; nothing was stored", error.Status.Detail);
        AssertNothingStored();
    }

    [Fact]
    public async Task Upload_AsAnotherOrganisation_FailsWithPermissionDenied()
    {
        var payload = RandomPayload(1000, seed: 10);

        var error = await RefusedAsync([HeaderMessage(Documents.Header(Office, [NgheAn], "cv-1", payload)), .. Chunks(payload, 500)], CallAs(_gw.RecipientToken));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains(Office, error.Status.Detail, StringComparison.Ordinal);
        AssertNothingStored();
    }

    [Fact]
    public async Task Upload_ClientCancels_StoresNothingAndRemovesTheTemporaryFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var payload = RandomPayload(4 * MiB, seed: 11);
        using var cancel = new CancellationTokenSource();
        using var upload = _gw.Client.Upload(_gw.Call.WithCancellationToken(cancel.Token));
        await upload.RequestStream.WriteAsync(HeaderMessage(Documents.Header(Office, [NgheAn], "cv-cancel", payload)), ct);
        await upload.RequestStream.WriteAsync(Chunks(payload, MiB).First(), ct);
        // Sync point: the server has begun writing the payload to a temporary file.
        await Eventually(() => BlobFiles.Length == 1, ct);

        await cancel.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => upload.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        // The server learns of the cancellation on its own schedule.
        await Eventually(() => BlobFiles.Length == 0, ct);
        AssertNothingStored();
    }

    /// <summary>Waits, at most 10 seconds, for a condition the server reaches asynchronously.</summary>
    private static async Task Eventually(Func<bool> condition, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition())
            await Task.Delay(10, timeout.Token);
    }
}
