using System.Text.Json;
using Gateway.Cli;
using Gateway.Protocol.Organizations;
using Gateway.Registry;
using Gateway.Tests.Registry;
using Gateway.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Cli;

/// <summary>`gateway orgs ...` as an operator runs it: the real executable as a child process.</summary>
public sealed class OrgsCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();

    private string Data => _dir.Combine("data");

    private async Task<(int Exit, IReadOnlyList<string> Out, IReadOnlyList<string> Err)> GatewayAsync(params string[] args)
    {
        await using var process = DaemonProcess.Start(_dir.Path, args);
        var exit = await process.WaitForExitAsync(Timeout);
        return (exit, process.StandardOutput, process.StandardError);
    }

    private async Task ImportSampleAsync()
    {
        var (exit, output, errors) = await GatewayAsync("orgs", "import", SampleData.Csv, "--data", Data);
        Assert.True(exit == ExitCodes.Ok, string.Join('\n', errors));
        Assert.Equal(["imported 9 organisations (9 added, 0 updated)"], output);
    }

    private async Task<JsonElement> ListJsonAsync(params string[] extra)
    {
        var (exit, output, errors) = await GatewayAsync(["orgs", "list", "--json", "--data", Data, .. extra]);
        Assert.True(exit == ExitCodes.Ok, string.Join('\n', errors));
        return JsonDocument.Parse(string.Join('\n', output)).RootElement;
    }

    private string WriteFile(string name, string content)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Import_SampleCsv_PrintsCountsAndListRoundTripsTheNames()
    {
        await ImportSampleAsync();
        var (exit, output, _) = await GatewayAsync("orgs", "import", SampleData.Json, "--data", Data);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(["imported 9 organisations (0 added, 9 updated)"], output);
        var listed = await ListJsonAsync();
        var sample = JsonDocument.Parse(File.ReadAllText(SampleData.Json)).RootElement;
        Assert.Equal(
            sample.EnumerateArray().Select(o => (o.GetProperty("code").GetString(), o.GetProperty("name").GetString())).Order(),
            listed.EnumerateArray().Select(o => (o.GetProperty("code").GetString(), o.GetProperty("name").GetString())).Order());
    }

    [Fact]
    public async Task Import_BadRow_ExitsTwoNamingFileLineAndFieldAndWritesNothing()
    {
        var file = WriteFile("orgs.csv", "code,name,parent_code,enabled,aliases\n000.00.00.G22,Văn phòng Chính phủ,,,\n000.00.0.G22,Sai,,,\n");

        var (exit, output, errors) = await GatewayAsync("orgs", "import", file, "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Empty(output);
        OrgCode.TryParse("000.00.0.G22", OrgCodeForms.Strict, out _, out var expected);
        Assert.Equal([$"gateway: {file}:3: field 'code': {expected}"], errors);
        Assert.False(Directory.Exists(Data), "the file is refused before the store is opened");
    }

    [Fact]
    public async Task Import_ConflictWithTheRegistry_ExitsTwoNamingTheLineAndWritesNothing()
    {
        await ImportSampleAsync();
        var file = WriteFile("more.json", """
            [
              { "code": "000.00.00.H45", "name": "Mới" },
              { "code": "000.00.00.H46", "name": "Mới", "aliases": ["000.00.00.G22"] }
            ]
            """);

        var (exit, _, errors) = await GatewayAsync("orgs", "import", file, "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Equal([$"gateway: {file}:3: field 'aliases': '000.00.00.G22' is the code of an organisation; an alias cannot be another organisation's code"], errors);
        Assert.Equal(9, (await ListJsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Import_MissingFile_ExitsTwo()
    {
        var (exit, _, errors) = await GatewayAsync("orgs", "import", _dir.Combine("nowhere.csv"), "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.StartsWith($"gateway: cannot read '{_dir.Combine("nowhere.csv")}':", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Under_PrintsTheSubtreeAsATableInHierarchyOrder()
    {
        await ImportSampleAsync();

        var (exit, output, _) = await GatewayAsync("orgs", "list", "--under", "000.00.24.H44", "--data", Data);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(4, output.Count);
        Assert.StartsWith("CODE ", output[0], StringComparison.Ordinal);
        Assert.EndsWith("NAME", output[0], StringComparison.Ordinal);
        Assert.Equal(["000.00.24.H44", "000.46.24.H44", "000.47.24.H44"], output.Skip(1).Select(l => l[..13]));
        Assert.EndsWith("Trung tâm \"Một cửa\" – Sở Nội vụ (mẫu)", output[2], StringComparison.Ordinal);
        Assert.Contains(" no ", output[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Succeed_ThenList_ShowsTheSuccessionInUtc()
    {
        await ImportSampleAsync();

        var (exit, output, _) = await GatewayAsync("orgs", "succeed", "000.00.00.H41", "--by", "000.00.00.H44", "--at", "2025-07-01T00:00:00+07:00", "--data", Data);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(["000.00.00.H41 is succeeded by 000.00.00.H44 from 2025-07-01T00:00:00+07:00"], output);
        var h41 = (await ListJsonAsync("--under", "000.00.00.H41")).EnumerateArray().First();
        var succession = Assert.Single(h41.GetProperty("successions").EnumerateArray());
        Assert.Equal("000.00.00.H44", succession.GetProperty("code").GetString());
        Assert.Equal("2025-06-30T17:00:00Z", succession.GetProperty("effectiveAt").GetString());
    }

    [Theory]
    [InlineData(new[] { "000.00.00.H99", "--by", "000.00.00.H44" }, "gateway: OLD: '000.00.00.H99' is not an organisation in the registry")]
    [InlineData(new[] { "000.00.00.H41", "--by", "000.00.00.H44,000.00.00.H98" }, "gateway: --by: '000.00.00.H98' is not an organisation in the registry")]
    [InlineData(new[] { "000.00.00.H41", "--by", "000.00.00.H41" }, "gateway: --by: '000.00.00.H41' cannot succeed itself")]
    public async Task Succeed_RefusedByTheRegistry_ExitsTwoWithOneLine(string[] args, string expected)
    {
        await ImportSampleAsync();

        var (exit, output, errors) = await GatewayAsync(["orgs", "succeed", .. args, "--at", "2025-07-01T00:00:00+07:00", "--data", Data]);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Empty(output);
        Assert.Equal([expected], errors);
    }

    [Theory]
    [InlineData(new[] { "000.00.00.H41", "--by", "000.00.00.H44", "--at", "2025-07-01T00:00:00" }, "gateway: --at: '2025-07-01T00:00:00' is not an ISO 8601 time with an offset (for example 2025-07-01T00:00:00+07:00)")]
    [InlineData(new[] { "000.00.00.H41", "--by", "000.00.00.H44" }, "gateway: orgs succeed: --at is missing (when it takes effect, e.g. 2025-07-01T00:00:00+07:00)")]
    [InlineData(new[] { "000.00.00.H41", "--at", "2025-07-01T00:00:00Z" }, "gateway: orgs succeed: --by is missing (the successor code, or several separated by ',')")]
    [InlineData(new[] { "000.00.0.H41", "--by", "000.00.00.H44", "--at", "2025-07-01T00:00:00Z" }, "gateway: OLD: '000.00.0.H41' is not an organisation code: segment 3 (AA) must be 2 digits, found '0'")]
    [InlineData(new[] { "000.00.00.H41", "--by", "000.00.00.H44", "--at", "2025-07-01T00:00:00Z", "--frobnicate" }, "gateway: orgs succeed: unexpected '--frobnicate' (see gateway orgs succeed --help)")]
    public async Task Succeed_BadCommandLine_ExitsTwoWithOneLineAndTouchesNothing(string[] args, string expected)
    {
        var (exit, _, errors) = await GatewayAsync(["orgs", "succeed", .. args, "--data", Data]);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Data));
    }

    [Fact]
    public async Task Import_WhileTheDaemonRuns_TheDaemonResolvesTheChangeWithoutRestart()
    {
        await using var gateway = await TestGateway.StartAsync(Data);
        var registry = gateway.Services.GetRequiredService<OrgRegistry>();
        var at = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.FromHours(7));
        Assert.Equal(ResolutionKind.Unknown, registry.Resolve("000.00.00.H41", at).Kind);

        await ImportSampleAsync();
        await WaitForAsync(() => registry.Resolve("000.00.00.H41", at).Kind == ResolutionKind.Deliverable);

        var (exit, _, _) = await GatewayAsync("orgs", "succeed", "000.00.00.H41", "--by", "000.00.00.H44", "--at", "2025-07-01T00:00:00+07:00", "--data", Data);
        Assert.Equal(ExitCodes.Ok, exit);
        await WaitForAsync(() => registry.Resolve("000.00.00.H41", at).Kind == ResolutionKind.Redirected);
        Assert.Equal("000.00.00.H44", registry.Resolve("000.00.00.H41", at).Code);
        Assert.Equal(ResolutionKind.Deliverable, registry.Resolve("000.00.00.H41", at.AddMilliseconds(-1)).Kind);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; the registry promises it within <see cref="OrgRegistry.MaxStaleness"/>.</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + OrgRegistry.MaxStaleness + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the running daemon did not see the change made by the CLI");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
