using System.Security.Cryptography;
using Gateway.Cli;
using Gateway.Cli.Client;
using Gateway.Protocol.V1;
using Gateway.Store.Blobs;
using Gateway.Tests.Support;
using Google.Protobuf;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Cli.Client;

/// <summary>
/// `gateway send` and `gateway receive` with payloads the gateway does not take or give inline: its
/// inline limit is 64 KiB here, so a 3 MiB file travels by Upload (1 MiB chunks from disk) and by
/// Fetch, and still arrives byte-identical, acknowledged, with status 01 back to the sender.
/// </summary>
public sealed class LargeTransferCommandTests : IAsyncLifetime
{
    private const int LargeBytes = 3 << 20;

    private readonly TempDirectory _dir = new();
    private readonly byte[] _large = RandomNumberGenerator.GetBytes(LargeBytes);
    private ExchangeGateway _gw = null!;

    public async ValueTask InitializeAsync()
    {
        _gw = await StartAsync(new Dictionary<string, string?> { ["Limits:InlinePayloadBytes"] = "64KiB" });
        await File.WriteAllBytesAsync(LargePath, _large);
    }

    private string LargePath => _dir.Combine("ho-so.zip");

    private Task<ClientProcess.Result> AsSender(params string[] arguments) => ClientProcess.RunAsync(_dir.Path, _gw.Gateway.Address, _gw.Token, arguments);

    private Task<ClientProcess.Result> AsRecipient(params string[] arguments) => ClientProcess.RunAsync(_dir.Path, _gw.Gateway.Address, _gw.RecipientToken, arguments);

    private async Task<Receipt> SendJsonAsync(string file, string reference)
    {
        var sent = await AsSender("send", "--from", Office, "--to", NgheAn, "--file", file, "--ref", reference, "--json");
        Assert.True(sent.Exit == ExitCodes.Ok, sent.ToString());
        // Not a terminal: no progress line, and stdout is the receipt alone.
        Assert.Empty(sent.Err);
        return JsonParser.Default.Parse<Receipt>(sent.Output);
    }

    [Fact]
    public async Task SendLargeFile_UploadsIt_ReceiveFetchesItByteIdenticalAndAcks_SenderGetsStatus01()
    {
        var receipt = await SendJsonAsync(LargePath, "large-1");
        Assert.False(receipt.Duplicate);
        var inbox = _dir.Combine("in");

        var received = await AsRecipient("receive", "--out", inbox, "--once");

        Assert.True(received.Exit == ExitCodes.Ok, received.ToString());
        Assert.Empty(received.Err);
        var folder = Path.Combine(inbox, receipt.DocumentId);
        Assert.Equal(
            [$"received {receipt.DocumentId} from {Office} for {NgheAn}: {Path.Combine(folder, "ho-so.zip")} ({LargeBytes} bytes)", "received 1 document, 0 statuses"],
            received.Out);
        Assert.Equal(_large, await File.ReadAllBytesAsync(Path.Combine(folder, "ho-so.zip")));
        var header = DocumentHeader.Parser.ParseFrom(await File.ReadAllBytesAsync(Path.Combine(folder, "header.bin")));
        Assert.Equal(LargeBytes, header.Payload.Size);
        Assert.Equal(SHA256.HashData(_large), header.Payload.Sha256.ToByteArray());
        Assert.Equal(["header.bin", "header.json", "ho-so.zip"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(inbox));
        Assert.Equal(["received 0 documents, 0 statuses"], (await AsRecipient("receive", "--out", inbox, "--once")).Out);

        var statuses = await AsSender("receive", "--out", _dir.Combine("out"), "--once");

        Assert.True(statuses.Exit == ExitCodes.Ok, statuses.ToString());
        Assert.StartsWith($"status {receipt.DocumentId} 01 ARRIVED from {NgheAn}", statuses.Out[0], StringComparison.Ordinal);
        Assert.Equal("received 0 documents, 1 status", statuses.Out[^1]);
    }

    [Fact]
    public async Task SendLargeFile_Twice_SameReference_ReturnsTheOriginalReceipt()
    {
        var first = await SendJsonAsync(LargePath, "large-twice");

        var second = await AsSender("send", "--from", Office, "--to", NgheAn, "--file", LargePath, "--ref", "large-twice", "--no-progress");

        Assert.True(second.Exit == ExitCodes.Ok, second.ToString());
        Assert.StartsWith($"sent {first.DocumentId} ", second.Out[0], StringComparison.Ordinal);
        Assert.StartsWith("duplicate: original receipt", second.Out[1], StringComparison.Ordinal);
        Assert.Equal(1, _gw.Count("SELECT count(*) FROM documents"));
    }

    [Fact]
    public async Task SendSmallFileOverTheGatewaysInlineLimit_FallsBackToUpload()
    {
        // 200 KB: sent inline by size, refused inline by this gateway (64 KiB), so uploaded instead.
        var small = RandomNumberGenerator.GetBytes(200_000);
        var path = _dir.Combine("phu-luc.pdf");
        await File.WriteAllBytesAsync(path, small);

        var receipt = await SendJsonAsync(path, "small-1");
        var received = await AsRecipient("receive", "--out", _dir.Combine("in"), "--once", "--json", "--no-progress");

        Assert.True(received.Exit == ExitCodes.Ok, received.ToString());
        Assert.Equal(small, await File.ReadAllBytesAsync(Path.Combine(_dir.Combine("in"), receipt.DocumentId, "phu-luc.pdf")));
        Assert.Empty(received.Err);
        Assert.All(received.Out, line => System.Text.Json.JsonDocument.Parse(line));
    }

    [Fact]
    public async Task Receive_PayloadLostOnTheGateway_NacksWritesNothingAndExitsOne()
    {
        var receipt = await SendJsonAsync(LargePath, "large-lost");
        var hex = Convert.ToHexStringLower(SHA256.HashData(_large));
        File.Delete(Path.Combine(_gw.Gateway.DataDirectory, BlobStore.DirectoryName, hex[..2], hex));
        var inbox = _dir.Combine("in");

        var received = await AsRecipient("receive", "--out", inbox, "--once");

        Assert.Equal(ExitCodes.Failure, received.Exit);
        Assert.Contains(received.Err, l => l.Contains(receipt.DocumentId, StringComparison.Ordinal) && l.Contains("DATA_LOSS", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(inbox, receipt.DocumentId, "header.bin")));
        Assert.Empty(Directory.GetFiles(inbox));
    }

    [Fact]
    public void ProgressLine_SaysBytesPercentAndRate()
    {
        Assert.Equal("sending cv.zip: 5.0 / 20.0 MB (25%), 2.5 MB/s", TransferProgress.Line("sending cv.zip", 5_000_000, 20_000_000, TimeSpan.FromSeconds(2)));
        Assert.Equal("fetching cv.zip: 0.0 / 20.0 MB (0%), 0.0 MB/s", TransferProgress.Line("fetching cv.zip", 0, 20_000_000, TimeSpan.Zero));
    }

    public async ValueTask DisposeAsync()
    {
        await _gw.DisposeAsync();
        _dir.Dispose();
    }
}
