using System.Net;
using System.Net.Sockets;
using Gateway.Cli;
using Gateway.Tests.Support;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Gateway.Tests.Cli;

/// <summary>The real executable as an operator runs it: exit codes, error lines, signals.</summary>
public sealed class RunCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();

    private string Data => _dir.Combine("data");

    private async Task<(DaemonProcess Daemon, int Port)> StartServingAsync(params string[] extra)
    {
        var port = FreePort.Next();
        var daemon = DaemonProcess.Start(_dir.Path, ["run", $"--Grpc:Endpoint=127.0.0.1:{port}", $"--Store:DataDirectory={Data}", .. extra]);
        await daemon.WaitForLineAsync(l => l.Contains("Serving: health is SERVING", StringComparison.Ordinal), Timeout);
        return (daemon, port);
    }

    private static async Task<string> SingleErrorLineAsync(DaemonProcess daemon, int expectedExit)
    {
        Assert.Equal(expectedExit, await daemon.WaitForExitAsync(Timeout));
        return Assert.Single(daemon.StandardError);
    }

    [Fact]
    public async Task Run_Sigterm_DrainsAndExitsZero()
    {
        var (daemon, port) = await StartServingAsync();
        await using var _ = daemon;
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var before = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.Add(Timeout));
        Assert.Equal(ServingStatus.Serving, before.Status);

        daemon.Terminate();

        Assert.Equal(ExitCodes.Ok, await daemon.WaitForExitAsync(Timeout));
        var output = daemon.Output();
        Assert.Contains("Draining: health is NOT_SERVING", output, StringComparison.Ordinal);
        Assert.Contains("checkpointed and closed", output, StringComparison.Ordinal);
        Assert.Contains("Stopped", output, StringComparison.Ordinal);
        Assert.Empty(daemon.StandardError);
    }

    [Fact]
    public async Task Run_SigtermWhileWatching_WatchEndsWithNotServingAndDaemonExitsWithinGrace()
    {
        var (daemon, port) = await StartServingAsync("--Shutdown:GracePeriod=20s");
        await using var _ = daemon;
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        using var cts = new CancellationTokenSource(Timeout);
        using var watch = new Health.HealthClient(channel).Watch(new HealthCheckRequest(), cancellationToken: cts.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(ServingStatus.Serving, watch.ResponseStream.Current.Status);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        daemon.Terminate();

        var seen = new List<ServingStatus>();
        while (await watch.ResponseStream.MoveNext(cts.Token))
            seen.Add(watch.ResponseStream.Current.Status);
        Assert.Equal(ServingStatus.NotServing, seen.Last());
        Assert.Equal(ExitCodes.Ok, await daemon.WaitForExitAsync(Timeout));
        // The open Watch is an in-flight call; it must be ended, not waited out for the grace period.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Run_BadSetting_ExitsTwoWithOneLineNamingTheKey()
    {
        await using var daemon = DaemonProcess.Start(_dir.Path, "run", "--Grpc:Endpoint=nowhere", $"--Store:DataDirectory={Data}");

        var line = await SingleErrorLineAsync(daemon, ExitCodes.Configuration);

        Assert.StartsWith("gateway: configuration error: Grpc:Endpoint: 'nowhere' is not HOST:PORT", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Data), "nothing is created when the configuration is refused");
    }

    [Fact]
    public async Task Run_NoCommand_RunsTheDaemonAndRefusesBadSettingsTheSameWay()
    {
        await using var daemon = DaemonProcess.Start(_dir.Path, "--Log:Format=xml");
        var line = await SingleErrorLineAsync(daemon, ExitCodes.Configuration);
        Assert.Equal("gateway: configuration error: Log:Format: 'xml' is not one of: text, json", line);
    }

    [Theory]
    [InlineData("--verbose")]
    [InlineData("verbose=1")]
    [InlineData("--Grpc:Endpoint")]
    public async Task Run_TokenThatIsNotASetting_ExitsTwoNamingIt(string token)
    {
        await using var daemon = DaemonProcess.Start(_dir.Path, "run", token);
        var line = await SingleErrorLineAsync(daemon, ExitCodes.Configuration);
        Assert.StartsWith($"gateway: configuration error: '{token}'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EnvironmentVariable_OverridesAppSettings()
    {
        var port = FreePort.Next();
        var info = new Dictionary<string, string> { ["GATEWAY__Log__Format"] = "json" };
        await using var daemon = DaemonProcessWithEnvironment(info, "run", $"--Grpc:Endpoint=127.0.0.1:{port}", $"--Store:DataDirectory={Data}");
        var line = await daemon.WaitForLineAsync(l => l.Contains("Serving: health is SERVING", StringComparison.Ordinal), Timeout);
        Assert.StartsWith("{", line, StringComparison.Ordinal);
        Assert.Contains("\"@mt\"", line, StringComparison.Ordinal);
        Assert.Contains("\"EventId\":{\"Id\":1001,\"Name\":\"Serving\"}", line, StringComparison.Ordinal);
        daemon.Terminate();
        Assert.Equal(ExitCodes.Ok, await daemon.WaitForExitAsync(Timeout));
    }

    [Fact]
    public async Task Run_CommandLine_OverridesEnvironment()
    {
        await using var daemon = DaemonProcessWithEnvironment(new() { ["GATEWAY__Log__Format"] = "json" },
            "run", $"--Grpc:Endpoint=127.0.0.1:{FreePort.Next()}", $"--Store:DataDirectory={Data}", "--Log:Format=text");
        var line = await daemon.WaitForLineAsync(l => l.Contains("Serving: health is SERVING", StringComparison.Ordinal), Timeout);
        Assert.DoesNotContain("\"@mt\"", line, StringComparison.Ordinal);
        daemon.Terminate();
        Assert.Equal(ExitCodes.Ok, await daemon.WaitForExitAsync(Timeout));
    }

    [Fact]
    public async Task Run_SignaturesNotRequired_WarnsAtStart()
    {
        await using var daemon = DaemonProcess.Start(_dir.Path, "run", $"--Grpc:Endpoint=127.0.0.1:{FreePort.Next()}", $"--Store:DataDirectory={Data}", "--Signatures:Required=false");

        var line = await daemon.WaitForLineAsync(l => l.Contains("Signatures:Required is false", StringComparison.Ordinal), Timeout);

        Assert.Contains("[WRN]", line, StringComparison.Ordinal);
        daemon.Terminate();
        Assert.Equal(ExitCodes.Ok, await daemon.WaitForExitAsync(Timeout));
    }

    [Fact]
    public async Task Run_NoTrustAnchorsYet_StartsAndWarnsThatSignedDocumentsWillBeRefused()
    {
        await using var daemon = DaemonProcess.Start(_dir.Path, "run", $"--Grpc:Endpoint=127.0.0.1:{FreePort.Next()}", $"--Store:DataDirectory={Data}");

        var line = await daemon.WaitForLineAsync(l => l.Contains("No trust anchors in", StringComparison.Ordinal), Timeout);

        Assert.Contains("pki/trust", line, StringComparison.Ordinal);
        await daemon.WaitForLineAsync(l => l.Contains("Serving: health is SERVING", StringComparison.Ordinal), Timeout);
        daemon.Terminate();
        Assert.Equal(ExitCodes.Ok, await daemon.WaitForExitAsync(Timeout));
    }

    [Fact]
    public async Task Run_LogFile_WritesEventsToADailyRollingFile()
    {
        var (daemon, _) = await StartServingAsync("--Log:File=logs/gateway.log");
        await using var _ = daemon;
        daemon.Terminate();
        Assert.Equal(ExitCodes.Ok, await daemon.WaitForExitAsync(Timeout));

        // Serilog's daily rolling inserts the date before the extension: gateway20261123.log.
        var file = Assert.Single(Directory.GetFiles(_dir.Combine("logs"), "gateway*.log"));
        Assert.Matches(@"gateway\d{8}\.log$", file);
        var text = File.ReadAllText(file);
        Assert.Contains("Serving: health is SERVING", text, StringComparison.Ordinal);
        Assert.Contains("Stopped", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ConfigFileFromGatewayConfig_IsRead()
    {
        var file = _dir.Combine("site.json");
        File.WriteAllText(file, """{ "Shutdown": { "GracePeriod": "forever" } }""");
        await using var daemon = DaemonProcessWithEnvironment(new() { ["GATEWAY_CONFIG"] = file }, "run");
        var line = await SingleErrorLineAsync(daemon, ExitCodes.Configuration);
        Assert.Equal("gateway: configuration error: Shutdown:GracePeriod: 'forever' is not a duration (for example 500ms, 30s, 5m or 00:00:30)", line);
    }

    [Fact]
    public async Task Run_ConfigFileNotJson_ExitsTwo()
    {
        var file = _dir.Combine("site.json");
        File.WriteAllText(file, "{ not json");
        await using var daemon = DaemonProcessWithEnvironment(new() { ["GATEWAY_CONFIG"] = file }, "run");
        var line = await SingleErrorLineAsync(daemon, ExitCodes.Configuration);
        Assert.StartsWith("gateway: configuration error:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SecondDaemonOnSameDataDirectory_ExitsThree()
    {
        var (first, _) = await StartServingAsync();
        await using var __ = first;

        await using var second = DaemonProcess.Start(_dir.Path, "run", $"--Grpc:Endpoint=127.0.0.1:{FreePort.Next()}", $"--Store:DataDirectory={Data}");
        var line = await SingleErrorLineAsync(second, ExitCodes.Store);

        Assert.Contains("is in use by another gateway daemon", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StoreWithNewerSchema_ExitsThreeAndLeavesItAlone()
    {
        var (daemon, _) = await StartServingAsync();
        daemon.Terminate();
        Assert.Equal(ExitCodes.Ok, await daemon.WaitForExitAsync(Timeout));
        await daemon.DisposeAsync();
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(Data, "gateway.db")};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_migrations VALUES (1000, 'future', '2030-01-01')";
            command.ExecuteNonQuery();
        }

        await using var refused = DaemonProcess.Start(_dir.Path, "run", $"--Grpc:Endpoint=127.0.0.1:{FreePort.Next()}", $"--Store:DataDirectory={Data}");
        Assert.Equal(ExitCodes.Store, await refused.WaitForExitAsync(Timeout));

        var line = Assert.Single(refused.StandardError);
        Assert.StartsWith("gateway: store error: store '", line, StringComparison.Ordinal);
        Assert.Contains("schema version 1000", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PortAlreadyInUse_ExitsOneNamingTheAddress()
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;

        await using var daemon = DaemonProcess.Start(_dir.Path, "run", $"--Grpc:Endpoint=127.0.0.1:{port}", $"--Store:DataDirectory={Data}");
        Assert.Equal(ExitCodes.Failure, await daemon.WaitForExitAsync(Timeout));

        var line = Assert.Single(daemon.StandardError);
        Assert.StartsWith("gateway: cannot listen:", line, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DefaultDataDirectory_IsDataUnderTheWorkingDirectory()
    {
        var port = FreePort.Next();
        await using var daemon = DaemonProcess.Start(_dir.Path, "run", $"--Grpc:Endpoint=127.0.0.1:{port}");
        await daemon.WaitForLineAsync(l => l.Contains("Serving: health is SERVING", StringComparison.Ordinal), Timeout);

        Assert.True(File.Exists(Path.Combine(_dir.Path, "data", "gateway.db")));
        daemon.Terminate();
        Assert.Equal(ExitCodes.Ok, await daemon.WaitForExitAsync(Timeout));
    }

    private DaemonProcess DaemonProcessWithEnvironment(Dictionary<string, string> environment, params string[] arguments) =>
        DaemonProcess.Start(_dir.Path, environment, arguments);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
