using System.Globalization;
using Gateway.Load.Processes;
using RabbitMQ.Client;

namespace Gateway.Load.Peers.RabbitMq;

/// <summary>
/// A private RabbitMQ node (Debian's rabbitmq-server) for one harness run: its own epmd on a free
/// port, node name, AMQP and distribution ports, Mnesia and log directories under the work
/// directory, no plugins (the management plugin would only add load). Stopped with SIGTERM, which
/// the server script turns into a clean broker stop; then its epmd goes too.
/// </summary>
internal sealed class RabbitBroker : IAsyncDisposable
{
    /// <summary>Debian's wrapper (/usr/sbin/rabbitmq-server) re-runs itself as the rabbitmq user; the real script runs as whoever starts it.</summary>
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private readonly ChildProcess _epmd;
    private readonly ChildProcess _server;

    private RabbitBroker(ChildProcess epmd, ChildProcess server, int port)
    {
        _epmd = epmd;
        _server = server;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The Erlang VM (beam.smp) under the server script, whose memory is the broker's; the script's while it is not found.</summary>
    public int ProcessId => ProcessTree.FindDescendant(_server.Id, "beam.smp") ?? _server.Id;
    public string LogPath => _server.LogPath;

    public ConnectionFactory Factory(string name) => new()
    {
        HostName = "127.0.0.1",
        Port = Port,
        ClientProvidedName = name,
    };

    public static async Task<RabbitBroker> StartAsync(string directory, CancellationToken cancellationToken)
    {
        if (!File.Exists(ServerScript))
            throw new FileNotFoundException($"{ServerScript} not found: RabbitMQ is not installed (Debian: apt-get install -y rabbitmq-server)");
        var epmdPath = new[] { "/usr/bin/epmd", "/usr/local/bin/epmd" }.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("epmd (Erlang's port mapper) not found; it comes with rabbitmq-server's erlang-base");

        Directory.CreateDirectory(directory);
        var plugins = Path.Combine(directory, "enabled_plugins");
        await File.WriteAllTextAsync(plugins, "[].", cancellationToken);
        var port = FreePort.Next();
        var epmdPort = Text(FreePort.Next());
        var environment = new Dictionary<string, string>
        {
            // The Erlang cookie is written under HOME; a private HOME keeps it away from root's.
            ["HOME"] = directory,
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(directory, "log"),
            ["RABBITMQ_NODENAME"] = $"gateway-load-{Text(Environment.ProcessId)}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Text(port),
            ["RABBITMQ_DIST_PORT"] = Text(FreePort.Next()),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = plugins,
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(directory, "rabbitmq"),
            ["ERL_EPMD_PORT"] = epmdPort,
        };

        // Our own epmd in the foreground, so it is a child we can stop; the node finds it on ERL_EPMD_PORT.
        var epmd = ChildProcess.Start("epmd", epmdPath, ["-port", epmdPort], Path.Combine(directory, "epmd.log"));
        ChildProcess? server = null;
        try
        {
            server = ChildProcess.Start("rabbitmq-server", ServerScript, [], Path.Combine(directory, "rabbitmq-server.log"), environment);
            var broker = new RabbitBroker(epmd, server, port);
            await broker.WaitReadyAsync(TimeSpan.FromSeconds(120), cancellationToken);
            return broker;
        }
        catch
        {
            if (server is not null)
                await server.DisposeAsync();
            await epmd.DisposeAsync();
            throw;
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (_server.HasExited)
                throw new InvalidOperationException($"rabbitmq-server exited while starting; its log ({_server.LogPath}) ends:\n{_server.Tail()}");
            try
            {
                await using var connection = await Factory("gateway-load readiness").CreateConnectionAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException)
            {
                last = ex;
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new TimeoutException($"rabbitmq-server did not accept AMQP connections within {timeout.TotalSeconds:0}s ({last?.Message}); its log ends:\n{_server.Tail()}");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _epmd.DisposeAsync();
    }
}
