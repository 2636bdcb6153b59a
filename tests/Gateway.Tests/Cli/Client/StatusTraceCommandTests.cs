using Gateway.Cli;
using Gateway.Protocol.V1;
using Gateway.Tests.Support;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Cli.Client;

/// <summary>`gateway status` and `gateway trace`, run as the real executable against a running gateway.</summary>
public sealed class StatusTraceCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ExchangeGateway _gw = null!;

    public async ValueTask InitializeAsync() => _gw = await StartAsync();

    private async Task<string> SendAsync(string reference) =>
        (await _gw.Client.SendAsync(Documents.Send(Office, [NgheAn], reference, "%PDF-1.7"u8.ToArray()), _gw.Call)).Receipt.DocumentId;

    private Task<ClientProcess.Result> RunAsync(string token, params string[] arguments) =>
        ClientProcess.RunAsync(_dir.Path, _gw.Gateway.Address, token, arguments);

    [Fact]
    public async Task Status_ByTheOnlyRecipient_IsRecordedAndReachesTheSender()
    {
        var id = await SendAsync("cv-1");

        var result = await RunAsync(_gw.RecipientToken, "status", "--doc", id, "--code", "03", "--reason", "đã vào sổ");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.StartsWith($"status 03 (Accepted) recorded on {id} for {NgheAn}", result.Output, StringComparison.Ordinal);
        var pulled = await _gw.Client.PullAsync(new PullRequest(), _gw.Call);
        var status = Assert.Single(pulled.Deliveries).Status;
        Assert.Equal((DocumentStatus.Accepted, "đã vào sổ"), (status.Code, status.Description));
    }

    [Fact]
    public async Task Status_RejectedWithoutReason_ExitsRefusedNamingTheRule()
    {
        var id = await SendAsync("cv-1");

        var result = await RunAsync(_gw.RecipientToken, "status", "--doc", id, "--code", "rejected");

        Assert.Equal(ExitCodes.Refused, result.Exit);
        Assert.Equal("gateway: FAILED_PRECONDITION: 02 (Rejected) needs a reason in description", Assert.Single(result.Err));
    }

    [Fact]
    public async Task Status_UnknownCode_ExitsTwo()
    {
        var result = await RunAsync(_gw.RecipientToken, "status", "--doc", "x", "--code", "01");
        Assert.Equal(ExitCodes.Configuration, result.Exit);
        Assert.Contains("'01' is not a reportable status", Assert.Single(result.Err), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_AfterSend_ListsTheStepsForPeople()
    {
        var id = await SendAsync("cv-1");

        var result = await RunAsync(_gw.Token, "trace", "--doc", id);

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        Assert.Equal($"document {id}: {Office} -> {NgheAn}, ref cv-1", result.Out[0]);
        Assert.Contains(result.Out, l => l.Contains(" accepted ", StringComparison.Ordinal));
        Assert.Contains(result.Out, l => l.Contains(" queued ", StringComparison.Ordinal) && l.Contains(NgheAn, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trace_Json_ParsesWithEveryEvent()
    {
        var id = await SendAsync("cv-1");

        var result = await RunAsync(_gw.Token, "trace", "--doc", id, "--json");

        Assert.True(result.Exit == ExitCodes.Ok, result.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        Assert.Equal(id, json.RootElement.GetProperty("documentId").GetString());
        Assert.Equal(Office, json.RootElement.GetProperty("header").GetProperty("sender").GetString());
        Assert.Equal(["accepted", "queued"], json.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Trace_ByAnUninvolvedSystem_ExitsRefusedWithNotFound()
    {
        var id = await SendAsync("cv-1");
        var result = await RunAsync(_gw.StrangerToken, "trace", "--doc", id);
        Assert.Equal(ExitCodes.Refused, result.Exit);
        Assert.StartsWith("gateway: NOT_FOUND: ", Assert.Single(result.Err), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _gw.DisposeAsync();
        _dir.Dispose();
    }
}
