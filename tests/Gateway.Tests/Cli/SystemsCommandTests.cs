using System.Text.Json;
using Gateway.Cli;
using Gateway.Store.Sqlite;
using Gateway.Systems;
using Gateway.Tests.Support;
using static Gateway.Tests.Systems.SystemsTestData;

namespace Gateway.Tests.Cli;

/// <summary>`gateway systems add|list|revoke` as the real executable, on the store of a data directory.</summary>
public sealed class SystemsCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();

    public SystemsCommandTests()
    {
        using var store = LocalStore.Open(Data);
        InsertOrganizations(store, Ministry, Province);
    }

    private string Data => _dir.Combine("data");

    private async Task<(int Exit, IReadOnlyList<string> Out, IReadOnlyList<string> Err)> RunAsync(params string[] arguments)
    {
        await using var process = DaemonProcess.Start(_dir.Path, arguments);
        var exit = await process.WaitForExitAsync(Timeout);
        return (exit, process.StandardOutput, process.StandardError);
    }

    private async Task<string> AddAsync(string name, params string[] codes)
    {
        var (exit, output, error) = await RunAsync(["systems", "add", "--name", name, .. codes.SelectMany(c => new[] { "--org", c }), "--json", "--data", Data]);
        Assert.True(exit == 0, string.Join('\n', error));
        return JsonDocument.Parse(string.Join('\n', output)).RootElement.GetProperty("token").GetString()!;
    }

    private AuthenticationResult Authenticate(string token)
    {
        using var store = LocalStore.Open(Data);
        return new SystemRegistry(store, TimeProvider.System).Authenticate(token);
    }

    [Fact]
    public async Task Add_KnownOrg_PrintsTheTokenOnceAndItAuthenticates()
    {
        var (exit, output, error) = await RunAsync("systems", "add", "--name", "edoc", "--org", Ministry, "--data", Data);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Empty(error);
        Assert.Equal($"Added system 'edoc' for {Ministry}.", output[0]);
        var token = Assert.Single(output, line => line.Contains("gw1_", StringComparison.Ordinal)).Trim();
        Assert.Equal("edoc", Authenticate(token).System?.Name);
    }

    [Fact]
    public async Task Add_Json_PrintsNameTokenAndOrgs()
    {
        var (exit, output, _) = await RunAsync("systems", "add", "--name", "edoc", "--org", Province, "--org", Ministry, "--json", "--data", Data);

        Assert.Equal(ExitCodes.Ok, exit);
        var json = JsonDocument.Parse(string.Join('\n', output)).RootElement;
        Assert.Equal(["name", "token", "orgs"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("edoc", json.GetProperty("name").GetString());
        Assert.Equal([Ministry, Province], json.GetProperty("orgs").EnumerateArray().Select(e => e.GetString()));
        Assert.True(Authenticate(json.GetProperty("token").GetString()!).Succeeded);
    }

    [Fact]
    public async Task Add_UnknownOrgs_ExitsTwoWithOneLineNamingThem()
    {
        var (exit, output, error) = await RunAsync("systems", "add", "--name", "edoc", "--org", Ministry, "--org", "000.00.00.Z99", "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Empty(output);
        Assert.Equal(
            "gateway: systems add: unknown organisation code '000.00.00.Z99': not in the organisation registry (add them with 'gateway orgs import FILE' first)",
            Assert.Single(error));
    }

    [Fact]
    public async Task Add_MissingOptions_ExitsTwoWithOneLineNamingThem()
    {
        var (exit, _, error) = await RunAsync("systems", "add", "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Equal(
            "gateway: systems add: Option '--name' is required; Option '--org' is required (see 'gateway systems add --help')",
            Assert.Single(error));
    }

    [Fact]
    public async Task Add_UnexpectedWord_ExitsTwo()
    {
        var (exit, _, error) = await RunAsync("systems", "add", "--name", "edoc", "--org", Ministry, "--verbose", "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Equal("gateway: systems add: unexpected '--verbose' (see 'gateway systems add --help')", Assert.Single(error));
    }

    [Fact]
    public async Task Add_InvalidName_ExitsTwoSayingWhichCharacter()
    {
        var (exit, _, error) = await RunAsync("systems", "add", "--name", "edoc g22", "--org", Ministry, "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Equal(
            "gateway: systems add: system name 'edoc g22' has the character ' '; use only letters A-Z a-z, digits, '.', '_' and '-'",
            Assert.Single(error));
    }

    [Fact]
    public async Task Add_NameTaken_ExitsTwo()
    {
        await AddAsync("edoc", Ministry);

        var (exit, _, error) = await RunAsync("systems", "add", "--name", "edoc", "--org", Province, "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Equal("gateway: systems add: a system named 'edoc' already exists", Assert.Single(error));
    }

    [Fact]
    public async Task Add_DataDirectoryWithoutAStore_ExitsTwoAndCreatesNothing()
    {
        var missing = _dir.Combine("typo");

        var (exit, _, error) = await RunAsync("systems", "add", "--name", "edoc", "--org", Ministry, "--data", missing);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Equal(
            $"gateway: systems add: no gateway store at '{Path.Combine(missing, SqliteStore.DatabaseFileName)}': pass --data DIR of a gateway that has run or has organisations imported",
            Assert.Single(error));
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task List_Json_DescribesEverySystemAndNeverPrintsTokens()
    {
        var edoc = await AddAsync("edoc", Ministry, Province);
        var old = await AddAsync("old", Province);
        Assert.Equal(0, (await RunAsync("systems", "revoke", "old", "--data", Data)).Exit);

        var (exit, output, _) = await RunAsync("systems", "list", "--json", "--data", Data);

        Assert.Equal(ExitCodes.Ok, exit);
        var text = string.Join('\n', output);
        Assert.DoesNotContain(edoc[4..20], text, StringComparison.Ordinal);
        Assert.DoesNotContain(old[4..20], text, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);
        var systems = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
        Assert.Equal(["edoc", "old"], systems.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(["name", "orgs", "createdAt", "revokedAt", "certificates"], systems[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal([Ministry, Province], systems[0].GetProperty("orgs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, systems[0].GetProperty("revokedAt").ValueKind);
        Assert.EndsWith("Z", systems[1].GetProperty("revokedAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Text_ShowsATableWithStatus()
    {
        await AddAsync("edoc", Ministry);

        var (exit, output, _) = await RunAsync("systems", "list", "--data", Data);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(2, output.Count);
        Assert.StartsWith("NAME", output[0], StringComparison.Ordinal);
        Assert.Matches($"^edoc +active +\\d{{4}}-\\d\\d-\\d\\dT[0-9:.]+Z +0 +{Ministry.Replace(".", "\\.", StringComparison.Ordinal)}$", output[1]);
    }

    [Fact]
    public async Task List_NoSystems_SaysHowToAddOne()
    {
        var (exit, output, _) = await RunAsync("systems", "list", "--data", Data);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("No connected systems; add one with: gateway systems add --name NAME --org CODE", Assert.Single(output));
    }

    [Fact]
    public async Task Revoke_Known_ExitsZeroAndTheTokenIsRefused()
    {
        var token = await AddAsync("edoc", Ministry);

        var (exit, output, _) = await RunAsync("systems", "revoke", "edoc", "--data", Data);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Matches("^Revoked system 'edoc' at [0-9T:.-]+Z; a running gateway refuses its token within 5 s\\.$", Assert.Single(output));
        Assert.StartsWith("token revoked at ", Authenticate(token).Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_AlreadyRevoked_ExitsZeroSayingNothingChanged()
    {
        await AddAsync("edoc", Ministry);
        await RunAsync("systems", "revoke", "edoc", "--data", Data);

        var (exit, output, _) = await RunAsync("systems", "revoke", "edoc", "--data", Data);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Matches("^System 'edoc' was already revoked at .+Z; nothing changed\\.$", Assert.Single(output));
    }

    [Fact]
    public async Task Revoke_Unknown_ExitsTwo()
    {
        var (exit, _, error) = await RunAsync("systems", "revoke", "nobody", "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Equal("gateway: systems revoke: no system named 'nobody' (see 'gateway systems list')", Assert.Single(error));
    }

    [Fact]
    public async Task Systems_NoCommand_ExitsTwoNamingTheCommands()
    {
        var (exit, _, error) = await RunAsync("systems");

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Equal("gateway: systems: name a command: add, list, revoke, bind-cert or unbind-cert (see 'gateway systems --help')", Assert.Single(error));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
