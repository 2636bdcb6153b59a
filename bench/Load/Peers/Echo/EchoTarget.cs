using System.Globalization;
using System.Security.Cryptography;
using Gateway.Bench.Results;
using Gateway.Load.Measurement;
using Gateway.Load.Processes;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Gateway.Load.Peers.Echo;

/// <summary>
/// The echo peer: `gateway-load echo-server` in its own process, called with the same message size and
/// concurrency as the gateway over as many connections as the gateway has sender systems. Delivered and
/// acked are both the client's receipt of the echoed response.
/// </summary>
internal sealed class EchoTarget(string directory, int senders, int messageBytes) : Targets.ILoadTarget
{
    private ChildProcess? _server;
    private readonly List<GrpcChannel> _channels = [];
    private Echo.EchoClient[] _clients = [];
    private readonly ByteString _body = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(messageBytes));

    public SystemUnderTest System => SystemUnderTest.Echo;
    public bool TracksDelivery => true;
    public int? ServerProcessId => _server?.Id;

    public string Setup =>
        $"bare Grpc.AspNetCore unary echo (gateway-load echo-server), Kestrel HTTP/2 only (h2c) on 127.0.0.1, own process; {messageBytes}-byte body; " +
        $"{senders} client connections; delivered = acked = the client's receipt of the echoed response.";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var (file, prefix) = SelfCommand.Current();
        _server = ChildProcess.Start("echo server", file, [.. prefix, "echo-server", "--port", port.ToString(CultureInfo.InvariantCulture)],
            Path.Combine(directory, "echo-server.log"));
        var address = new Uri($"http://127.0.0.1:{port}");
        // Kestrel listens before the server prints its first line; one real call proves it answers.
        var first = await _server.FirstLine.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        if (!first.StartsWith("echo server listening", StringComparison.Ordinal))
            throw new InvalidOperationException($"the echo server did not start: {first}; its log ({_server.LogPath}) ends:\n{_server.Tail()}");
        _clients = [.. Enumerable.Range(0, senders).Select(_ =>
        {
            var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } });
            _channels.Add(channel);
            return new Echo.EchoClient(channel);
        })];
        await _clients[0].EchoAsync(new EchoMessage { Id = -1, Body = _body }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
    }

    public Task<Targets.IRunSession> BeginRunAsync(Targets.RunSpec spec, RunRecorder recorder, CancellationToken cancellationToken) =>
        Task.FromResult<Targets.IRunSession>(new Session(this, recorder));

    private sealed class Session(EchoTarget target, RunRecorder recorder) : Targets.IRunSession
    {
        public long Capacity => long.MaxValue;
        public string? Notes => null;

        public async Task SendAsync(long message, CancellationToken cancellationToken)
        {
            var client = target._clients[message % target._clients.Length];
            var reply = await client.EchoAsync(new EchoMessage { Id = message, Body = target._body }, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancellationToken);
            if (reply.Id != message || reply.Body.Length != target._body.Length)
                throw new InvalidDataException($"echo answered message {reply.Id} with {reply.Body.Length} bytes for message {message}");
            recorder.Delivered(message);
            recorder.Acked(message);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
            channel.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
