using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Cli;
using Gateway.Cli.Client;
using Gateway.Protocol.V1;
using Gateway.Tests.Support;
using Google.Protobuf;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Cli.Client;

/// <summary>
/// `gateway send` and `gateway receive` as real child processes against a gateway on real Kestrel:
/// from a file on one side to byte-identical files on the other, status 01 back, and every failure a
/// person can meet, each with its one stderr line and exit code.
/// </summary>
public sealed class SendReceiveCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly byte[] _payload = RandomNumberGenerator.GetBytes(70_000);
    private ExchangeGateway _gw = null!;

    public async ValueTask InitializeAsync()
    {
        _gw = await StartAsync();
        await File.WriteAllBytesAsync(FilePath, _payload);
    }

    private string FilePath => _dir.Combine("cong-van.pdf");

    private Uri Endpoint => _gw.Gateway.Address;

    private Task<ClientProcess.Result> AsSender(params string[] arguments) => ClientProcess.RunAsync(_dir.Path, Endpoint, _gw.Token, arguments);

    private Task<ClientProcess.Result> AsRecipient(params string[] arguments) => ClientProcess.RunAsync(_dir.Path, Endpoint, _gw.RecipientToken, arguments);

    private async Task<Receipt> SendJsonAsync(string reference, string? file = null)
    {
        var sent = await AsSender("send", "--from", Office, "--to", NgheAn, "--file", file ?? FilePath, "--ref", reference, "--subject", "Về việc thử nghiệm", "--json");
        Assert.True(sent.Exit == ExitCodes.Ok, sent.ToString());
        return JsonParser.Default.Parse<Receipt>(sent.Output);
    }

    [Fact]
    public async Task SendThenReceiveOnce_WritesByteIdenticalPayloadAndHeaderAndAcks()
    {
        var receipt = await SendJsonAsync("cv-1");
        var inbox = _dir.Combine("in");

        var received = await AsRecipient("receive", "--out", inbox, "--once");

        Assert.True(received.Exit == ExitCodes.Ok, received.ToString());
        Assert.Empty(received.Err);
        var folder = Path.Combine(inbox, receipt.DocumentId);
        Assert.Equal(
            [$"received {receipt.DocumentId} from {Office} for {NgheAn}: {Path.Combine(folder, "cong-van.pdf")} ({_payload.Length} bytes)", "received 1 document, 0 statuses"],
            received.Out);
        Assert.Equal(_payload, await File.ReadAllBytesAsync(Path.Combine(folder, "cong-van.pdf")));
        // header.bin holds the exact bytes the receipt's digest covers, and header.json says the same header.
        var headerBytes = await File.ReadAllBytesAsync(Path.Combine(folder, "header.bin"));
        Assert.Equal(receipt.HeaderDigest.ToByteArray(), SHA256.HashData(headerBytes));
        var header = DocumentHeader.Parser.ParseFrom(headerBytes);
        Assert.Equal(header, JsonParser.Default.Parse<DocumentHeader>(await File.ReadAllTextAsync(Path.Combine(folder, "header.json"))));
        Assert.Equal((Office, NgheAn, "cv-1", "Về việc thử nghiệm"), (header.Sender, header.Recipients.Single(), header.ClientReference, header.Metadata.Subject));
        Assert.Equal(("application/pdf", "cong-van.pdf", (long)_payload.Length), (header.Payload.ContentType, header.Payload.FileName, header.Payload.Size));
        Assert.Equal(SHA256.HashData(_payload), header.Payload.Sha256.ToByteArray());
        Assert.Equal(Priority.Normal, header.Priority);
        Assert.Equal(["cong-van.pdf", "header.bin", "header.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(inbox));

        // Acked: nothing is offered again.
        var again = await AsRecipient("receive", "--out", inbox, "--once");
        Assert.Equal(["received 0 documents, 0 statuses"], again.Out);
    }

    [Fact]
    public async Task ReceiveOnce_AsTheSenderAfterTheRecipientAcked_GetsStatus01Arrived()
    {
        var receipt = await SendJsonAsync("cv-2");
        Assert.Equal(ExitCodes.Ok, (await AsRecipient("receive", "--out", _dir.Combine("in"), "--once")).Exit);
        var outbox = _dir.Combine("out");

        var statuses = await AsSender("receive", "--out", outbox, "--once");

        Assert.True(statuses.Exit == ExitCodes.Ok, statuses.ToString());
        Assert.StartsWith($"status {receipt.DocumentId} 01 ARRIVED from {NgheAn}", statuses.Out[0], StringComparison.Ordinal);
        Assert.Equal("received 0 documents, 1 status", statuses.Out[^1]);
        var line = Assert.Single(await File.ReadAllLinesAsync(Path.Combine(outbox, receipt.DocumentId, "statuses.jsonl")));
        var delivery = JsonParser.Default.Parse<Delivery>(line);
        Assert.Equal((receipt.DocumentId, DocumentStatus.Arrived, NgheAn, Office), (delivery.Status.DocumentId, delivery.Status.Code, delivery.Status.FromOrg, delivery.Status.ToOrg));
        Assert.Equal(["received 0 documents, 0 statuses"], (await AsSender("receive", "--out", outbox, "--once")).Out);
    }

    [Fact]
    public async Task SendJson_PrintsTheReceiptInProtobufJson()
    {
        var sent = await AsSender("send", "--from", Office, "--to", NgheAn, "--file", FilePath, "--json");

        Assert.True(sent.Exit == ExitCodes.Ok, sent.ToString());
        var json = JsonDocument.Parse(sent.Output).RootElement;
        Assert.True(Guid.TryParse(json.GetProperty("documentId").GetString(), out _));
        Assert.False(json.GetProperty("duplicate").GetBoolean());
        Assert.Equal(32, Convert.FromBase64String(json.GetProperty("headerDigest").GetString()!).Length);
        Assert.True(json.TryGetProperty("acceptedAt", out _));
        Assert.True(json.TryGetProperty("sequence", out _));
    }

    [Fact]
    public async Task ReceiveJson_PrintsOneParsableObjectPerLine()
    {
        var receipt = await SendJsonAsync("cv-3");

        var received = await AsRecipient("receive", "--out", _dir.Combine("in"), "--once", "--json");

        Assert.True(received.Exit == ExitCodes.Ok, received.ToString());
        var events = received.Out.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["document", "summary"], events.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal(receipt.DocumentId, events[0].GetProperty("documentId").GetString());
        Assert.Equal(_payload.Length, events[0].GetProperty("size").GetInt64());
        Assert.False(events[0].GetProperty("alreadyPresent").GetBoolean());
        Assert.Equal(1, events[1].GetProperty("documents").GetInt32());
    }

    [Fact]
    public async Task Send_SameReferenceTwice_PrintsTheOriginalReceiptAsDuplicate()
    {
        string[] send = ["send", "--from", Office, "--to", NgheAn, "--file", FilePath, "--ref", "cv-twice"];
        var first = await AsSender(send);
        var second = await AsSender(send);

        Assert.True(second.Exit == ExitCodes.Ok, second.ToString());
        Assert.Equal(first.Out[0], second.Out[0]);
        Assert.StartsWith("sent ", first.Out[0], StringComparison.Ordinal);
        Assert.StartsWith("duplicate: original receipt", second.Out[1], StringComparison.Ordinal);
        Assert.Equal(1, _gw.Count("SELECT count(*) FROM documents"));
    }

    [Fact]
    public async Task Receive_DocumentAlreadyComplete_AcksAgainWithoutRewriting()
    {
        // As after a crash between the fsync and the ack: the files are there, the gateway offers the delivery again.
        var receipt = await SendJsonAsync("cv-4");
        var folder = Directory.CreateDirectory(_dir.Combine("in", receipt.DocumentId)).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "header.bin"), "kept");

        var received = await AsRecipient("receive", "--out", _dir.Combine("in"), "--once");

        Assert.True(received.Exit == ExitCodes.Ok, received.ToString());
        Assert.StartsWith($"received {receipt.DocumentId} again: already complete", received.Out[0], StringComparison.Ordinal);
        Assert.Equal("received 0 documents, 0 statuses (1 already present)", received.Out[^1]);
        Assert.Equal("kept", await File.ReadAllTextAsync(Path.Combine(folder, "header.bin")));
        Assert.Equal(["received 0 documents, 0 statuses"], (await AsRecipient("receive", "--out", _dir.Combine("in"), "--once")).Out);
    }

    [Fact]
    public async Task ReceiveFollow_Sigterm_StopsAfterStoringAndExitsZero()
    {
        var environment = new Dictionary<string, string> { ["GATEWAY_ENDPOINT"] = Endpoint.ToString(), ["GATEWAY_TOKEN"] = _gw.RecipientToken };
        await using var follow = DaemonProcess.Start(_dir.Path, environment, "receive", "--out", _dir.Combine("in"), "--follow");
        var receipt = await SendJsonAsync("cv-5");

        await follow.WaitForLineAsync(l => l.StartsWith($"received {receipt.DocumentId} ", StringComparison.Ordinal), ClientProcess.Timeout);
        follow.Terminate();

        Assert.Equal(ExitCodes.Ok, await follow.WaitForExitAsync(ClientProcess.Timeout));
        Assert.Equal("received 1 document, 0 statuses", follow.StandardOutput[^1]);
    }

    [Fact]
    public async Task SendCount_SendsNCopiesConcurrentlyAndReportsTheRate()
    {
        var sent = await AsSender("send", "--from", Office, "--to", NgheAn, "--file", FilePath, "--ref", "batch", "--count", "20", "--json");

        Assert.True(sent.Exit == ExitCodes.Ok, sent.ToString());
        var json = JsonDocument.Parse(sent.Output).RootElement;
        Assert.Equal((20, 20, 0), (json.GetProperty("sent").GetInt32(), json.GetProperty("count").GetInt32(), json.GetProperty("failed").GetInt32()));
        Assert.True(json.GetProperty("documentsPerSecond").GetDouble() > 0);
        Assert.Equal(("batch-1", "batch-20"), (json.GetProperty("firstReference").GetString(), json.GetProperty("lastReference").GetString()));
        Assert.Equal(20, _gw.Count("SELECT count(*) FROM documents"));
    }

    [Fact]
    public async Task Send_NoToken_ExitsTwoNamingBothWaysToGiveIt()
    {
        var sent = await ClientProcess.RunAsync(_dir.Path, Endpoint, token: null, "send", "--from", Office, "--to", NgheAn, "--file", FilePath);
        var received = await ClientProcess.RunAsync(_dir.Path, Endpoint, token: null, "receive", "--out", _dir.Combine("in"), "--once");

        Assert.Equal((ExitCodes.Configuration, ExitCodes.Configuration), (sent.Exit, received.Exit));
        Assert.Equal("gateway: send: no token: pass --token TOKEN or set GATEWAY_TOKEN (a token comes from 'gateway systems add'), or authenticate over https with --client-cert and --client-key", Assert.Single(sent.Err));
        Assert.StartsWith("gateway: receive: no token: pass --token TOKEN or set GATEWAY_TOKEN", Assert.Single(received.Err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_UnknownToken_ExitsRefusedWithUnauthenticated()
    {
        // A well-formed token whose secret is wrong. The change is made inside the secret: its last
        // base64url character also carries padding bits, so changing that one may change nothing.
        var i = _gw.Token.Length - 5;
        var unknown = _gw.Token[..i] + (_gw.Token[i] == 'A' ? 'B' : 'A') + _gw.Token[(i + 1)..];

        var sent = await ClientProcess.RunAsync(_dir.Path, Endpoint, token: null, "send", "--token", unknown, "--from", Office, "--to", NgheAn, "--file", FilePath);

        Assert.Equal(ExitCodes.Refused, sent.Exit);
        Assert.Empty(sent.Out);
        Assert.StartsWith("gateway: UNAUTHENTICATED: ", Assert.Single(sent.Err), StringComparison.Ordinal);
        Assert.Contains("unknown token", sent.Err[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_UnknownRecipient_ExitsRefusedWithNotFoundNamingIt()
    {
        var sent = await AsSender("send", "--from", Office, "--to", $"{NgheAn},000.00.00.Z99", "--file", FilePath);

        Assert.Equal(ExitCodes.Refused, sent.Exit);
        var line = Assert.Single(sent.Err);
        Assert.StartsWith("gateway: NOT_FOUND: header.recipients: ", line, StringComparison.Ordinal);
        Assert.Contains("000.00.00.Z99", line, StringComparison.Ordinal);
        Assert.Equal(0, _gw.Count("SELECT count(*) FROM documents"));
    }

    [Fact]
    public async Task Send_AsAnotherOrganisation_ExitsRefusedWithPermissionDenied()
    {
        var sent = await AsSender("send", "--from", NgheAn, "--to", Office, "--file", FilePath);

        Assert.Equal(ExitCodes.Refused, sent.Exit);
        Assert.StartsWith("gateway: PERMISSION_DENIED: ", Assert.Single(sent.Err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAndReceive_GatewayNotRunning_ExitUnavailableWithOneClearLine()
    {
        var nowhere = new Uri($"http://127.0.0.1:{FreePort.Next()}");

        var sent = await ClientProcess.RunAsync(_dir.Path, nowhere, _gw.Token, "send", "--from", Office, "--to", NgheAn, "--file", FilePath, "--ref", "cv-6");
        var received = await ClientProcess.RunAsync(_dir.Path, nowhere, _gw.Token, "receive", "--out", _dir.Combine("in"), "--once");

        Assert.Equal((ExitCodes.Unavailable, ExitCodes.Unavailable), (sent.Exit, received.Exit));
        var expected = $"gateway: UNAVAILABLE: cannot reach the gateway at {nowhere.GetLeftPart(UriPartial.Authority)} (";
        Assert.StartsWith(expected, Assert.Single(sent.Err), StringComparison.Ordinal);
        Assert.EndsWith("retry with --ref cv-6: if the document was accepted, that returns its original receipt", sent.Err[0], StringComparison.Ordinal);
        Assert.StartsWith(expected, Assert.Single(received.Err), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--priority", "5", "gateway: send: --priority: 5 is not an edXML priority (0-4)")]
    [InlineData("--count", "0", "gateway: send: --count: 0 is not between 1 and 100000")]
    [InlineData("--endpoint", "nowhere", "gateway: send: --endpoint: 'nowhere' is not http://HOST:PORT or https://HOST:PORT")]
    public async Task Send_BadOption_ExitsTwoWithOneLine(string option, string value, string expected)
    {
        var sent = await AsSender("send", "--from", Office, "--to", NgheAn, "--file", FilePath, option, value);

        Assert.Equal(ExitCodes.Configuration, sent.Exit);
        Assert.Equal(expected, Assert.Single(sent.Err));
    }

    [Fact]
    public async Task Send_MissingFile_ExitsTwoNamingIt()
    {
        var missing = _dir.Combine("nope.pdf");

        var sent = await AsSender("send", "--from", Office, "--to", NgheAn, "--file", missing);

        Assert.Equal(ExitCodes.Configuration, sent.Exit);
        Assert.Equal($"gateway: send: --file: '{missing}' does not exist", Assert.Single(sent.Err));
    }

    [Fact]
    public async Task Send_PriorityThree_SendsFlash()
    {
        var sent = await AsSender("send", "--from", Office, "--to", NgheAn, "--file", FilePath, "--priority", "3");
        Assert.Equal(ExitCodes.Ok, sent.Exit);

        var pulled = await _gw.Client.PullAsync(new PullRequest(), CallAs(_gw.RecipientToken));

        Assert.Equal(Priority.Flash, DocumentHeader.Parser.ParseFrom(pulled.Deliveries.Single().Document.Header.Header).Priority);
    }

    [Fact]
    public async Task Receive_OnceAndFollow_ExitsTwo()
    {
        var received = await AsRecipient("receive", "--out", _dir.Combine("in"), "--once", "--follow");

        Assert.Equal(ExitCodes.Configuration, received.Exit);
        Assert.Equal("gateway: receive: --once and --follow: choose one", Assert.Single(received.Err));
    }

    public async ValueTask DisposeAsync()
    {
        await _gw.DisposeAsync();
        _dir.Dispose();
    }
}
