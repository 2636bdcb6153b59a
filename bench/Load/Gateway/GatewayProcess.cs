using System.Globalization;
using Gateway.Load.Processes;

namespace Gateway.Load.Gateway;

/// <summary>
/// A `gateway run` daemon the harness owns: started on a free loopback port against a data directory
/// and trust anchors, ready once grpc.health.v1 says SERVING, stopped with SIGTERM (its graceful
/// drain) and killed if that takes too long. Scenarios that need a gateway (steady load, fan-out,
/// restart with a backlog) start one of these; <see cref="ResidentMiB"/> and <see cref="SampleRss"/>
/// give them its memory from /proc.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private GatewayProcess(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
        Address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    public int Port { get; }
    public Uri Address { get; }
    public int ProcessId => _process.Id;
    public string LogPath => _process.LogPath;

    /// <param name="settings">Extra `--Section:Key=value` settings, e.g. for a scenario that needs a bigger commit batch.</param>
    public static async Task<GatewayProcess> StartAsync(
        string executable, string dataDirectory, string trustAnchors, string logPath, IEnumerable<string>? settings, CancellationToken cancellationToken)
    {
        var gateway = Launch(executable, dataDirectory, trustAnchors, logPath, settings);
        try
        {
            await gateway.WaitServingAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    /// <summary>
    /// Starts `gateway run` and returns at once, before it serves: for a scenario that times start-up
    /// itself (restart with a backlog) and calls <see cref="WaitServingAsync"/> with a finer poll.
    /// </summary>
    public static GatewayProcess Launch(string executable, string dataDirectory, string trustAnchors, string logPath, IEnumerable<string>? settings)
    {
        var port = FreePort.Next();
        string[] arguments =
        [
            "run",
            $"--Grpc:Endpoint=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            $"--Store:DataDirectory={dataDirectory}",
            $"--Signatures:TrustAnchors={trustAnchors}",
            // Information logs one line per commit batch; warnings and errors are what a load run needs kept.
            "--Log:MinimumLevel=warning",
            .. settings ?? [],
        ];
        return new GatewayProcess(ChildProcess.Start("gateway", executable, arguments, logPath), port);
    }

    /// <summary>Returns once grpc.health.v1 answers SERVING, polling every <paramref name="poll"/> (200 ms if not given).</summary>
    public Task WaitServingAsync(TimeSpan timeout, CancellationToken cancellationToken, TimeSpan? poll = null) =>
        HealthProbe.WaitServingAsync(Address, _process, timeout, cancellationToken, poll);

    public double? ResidentMiB() => ProcessMemory.ResidentMiB(_process.Id);

    public RssSampler SampleRss() => new(_process.Id);

    /// <summary>CPU seconds (user + system) the gateway has used so far.</summary>
    public double? CpuSeconds() => ProcessCpu.Seconds(_process.Id);

    public bool HasExited => _process.HasExited;

    public string Tail() => _process.Tail();

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(30));

    /// <summary>SIGKILL, no drain: a crash, for a scenario that measures recovery.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
