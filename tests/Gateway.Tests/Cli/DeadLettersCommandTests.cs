using System.Text.Json;
using Gateway.Cli;
using Gateway.Tests.Support;
using static Gateway.Tests.DeadLetters.ExchangeSteps;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Cli;

/// <summary>`gateway dead-letters list|replay|purge` as the real executable, beside a running gateway on the same data directory.</summary>
public sealed class DeadLettersCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private ExchangeGateway _gw = null!;

    public async ValueTask InitializeAsync() => _gw = await StartAsync().WaitAsync(Timeout);

    public async ValueTask DisposeAsync() => await _gw.DisposeAsync().AsTask().WaitAsync(Timeout);

    private string Data => _gw.Gateway.DataDirectory;

    private async Task<(int Exit, IReadOnlyList<string> Out, IReadOnlyList<string> Err)> RunAsync(params string[] arguments)
    {
        await using var process = DaemonProcess.Start(Path.GetDirectoryName(Data)!, arguments);
        var exit = await process.WaitForExitAsync(Timeout);
        return (exit, process.StandardOutput, process.StandardError);
    }

    [Fact]
    public async Task List_Json_PrintsEachDeadLetterOldestFirst()
    {
        var id = await DeadLetterAsync(_gw, "cv-1").WaitAsync(Timeout);

        var (exit, output, error) = await RunAsync("dead-letters", "list", "--json", "--data", Data);

        Assert.True(exit == ExitCodes.Ok, string.Join('\n', error));
        var json = JsonDocument.Parse(string.Join('\n', output)).RootElement;
        var letter = Assert.Single(json.GetProperty("deadLetters").EnumerateArray());
        Assert.Equal(id, letter.GetProperty("deliveryId").GetString());
        Assert.Equal(NgheAn, letter.GetProperty("recipient").GetString());
        Assert.Equal("document", letter.GetProperty("kind").GetString());
        Assert.Equal(1, letter.GetProperty("attempts").GetInt32());
        Assert.Equal($"rejected by {NgheAn}: sai nơi nhận", letter.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task List_OtherRecipient_SaysThereAreNone()
    {
        await DeadLetterAsync(_gw, "cv-1").WaitAsync(Timeout);

        var (exit, output, _) = await RunAsync("dead-letters", "list", "--recipient", Ministry, "--data", Data);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal($"No dead letters for {Ministry}.", Assert.Single(output));
    }

    [Fact]
    public async Task Replay_Id_BesideTheRunningGateway_NextPullReceivesItUnderTheSameId()
    {
        var id = await DeadLetterAsync(_gw, "cv-1").WaitAsync(Timeout);

        var (exit, output, error) = await RunAsync("dead-letters", "replay", "--id", id, "--data", Data);

        Assert.True(exit == ExitCodes.Ok, string.Join('\n', error));
        Assert.Equal("Replayed 1 dead letter: offered again now under the same delivery ids.", Assert.Single(output));
        var again = Assert.Single(await PullAsync(_gw, _gw.RecipientToken).WaitAsync(Timeout));
        Assert.Equal((id, 1U), (again.DeliveryId, again.Attempt));
    }

    [Fact]
    public async Task Replay_UnknownId_ExitsTwoNamingIt()
    {
        var (exit, output, error) = await RunAsync("dead-letters", "replay", "--id", "no-such-id", "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Empty(output);
        Assert.Equal("gateway: dead-letters replay: unknown delivery id 'no-such-id'", Assert.Single(error));
    }

    [Fact]
    public async Task Replay_IdAndRecipientTogether_ExitsTwo()
    {
        var (exit, _, error) = await RunAsync("dead-letters", "replay", "--id", "x", "--recipient", NgheAn, "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Equal("gateway: dead-letters replay: name what to replay: --id ID [--id ID ...] or --recipient CODE", Assert.Single(error));
    }

    [Fact]
    public async Task Purge_NothingNamed_ExitsTwoAskingForAll()
    {
        await DeadLetterAsync(_gw, "cv-1").WaitAsync(Timeout);

        var (exit, _, error) = await RunAsync("dead-letters", "purge", "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Equal("gateway: dead-letters purge: name what to purge: --id ID [--id ID ...], --recipient CODE or --all", Assert.Single(error));
        Assert.Equal(1, _gw.Count("SELECT COUNT(*) FROM deliveries WHERE state = 3"));
    }

    [Fact]
    public async Task Purge_Recipient_RemovesItsDeadLettersAndRecordsIt()
    {
        await DeadLetterAsync(_gw, "cv-1").WaitAsync(Timeout);
        await DeadLetterAsync(_gw, "cv-2").WaitAsync(Timeout);

        var (exit, output, error) = await RunAsync("dead-letters", "purge", "--recipient", NgheAn, "--data", Data);

        Assert.True(exit == ExitCodes.Ok, string.Join('\n', error));
        Assert.Equal($"Purged 2 dead letters for {NgheAn}; each document's trace records it.", Assert.Single(output));
        Assert.Equal(0, _gw.Count("SELECT COUNT(*) FROM deliveries WHERE state = 3"));
        Assert.Equal(2, _gw.Count("SELECT COUNT(*) FROM events WHERE kind = 'purged'"));
    }

    [Fact]
    public async Task Purge_MalformedRecipient_ExitsTwoNamingTheOption()
    {
        var (exit, _, error) = await RunAsync("dead-letters", "purge", "--recipient", "000.00.0.G22", "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.StartsWith("gateway: dead-letters purge: --recipient: ", Assert.Single(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_MissingStore_ExitsTwoWithoutCreatingOne()
    {
        var missing = Path.Combine(Path.GetDirectoryName(Data)!, "nowhere");

        var (exit, _, error) = await RunAsync("dead-letters", "list", "--data", missing);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.StartsWith("gateway: dead-letters list: no gateway store at ", Assert.Single(error), StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }
}
