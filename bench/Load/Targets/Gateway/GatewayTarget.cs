using Gateway.Bench.Results;
using Gateway.Load.Gateway;
using Gateway.Load.Measurement;
using Gateway.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Load.Targets.Gateway;

/// <summary>
/// The gateway under load: a `gateway run` process prepared by <see cref="GatewayEnvironment"/>, sender
/// systems calling DocumentExchange.Send with pre-signed documents, recipient systems holding Exchange
/// streams. Signatures stay required (chain, revocation, binding checked for every document), every
/// document is fsynced and receipted before Send returns.
/// </summary>
internal sealed class GatewayTarget(GatewayCommand command, string directory, int runs, int senders, int recipients, string keyType, Action<string> progress)
    : ILoadTarget
{
    private GatewayEnvironment? _environment;
    private GatewayProcess? _gateway;
    private readonly List<GrpcChannel> _channels = [];
    private DocumentExchange.DocumentExchangeClient[] _senders = [];
    private DocumentExchange.DocumentExchangeClient[] _recipients = [];
    private Metadata[] _senderCredentials = [];
    private Metadata[] _recipientCredentials = [];
    private DocumentFactory? _documents;

    public SystemUnderTest System => SystemUnderTest.Gateway;
    public bool TracksDelivery => true;
    public int? ServerProcessId => _gateway?.ProcessId;

    public string Setup =>
        $"gateway run (Release) on 127.0.0.1 h2c, SQLite WAL synchronous=FULL, default Pipeline/Receipts settings; signatures required " +
        $"({keyType} sender keys, detached CMS signed before the run, chain + hard-fail CRL revocation checked); {senders} sender systems calling Send, " +
        $"{recipients} recipient systems on Exchange streams ACKing each delivery; acked = the gateway's SettlementResult (applied) on the stream. " +
        $"Status 01 notices the ACKs queue for the senders are not drained. Log: {_gateway?.LogPath}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _environment = await GatewayEnvironment.PrepareAsync(command, directory, senders, recipients, runs, keyType, progress, cancellationToken);
        progress("gateway: starting `gateway run`");
        _gateway = await GatewayProcess.StartAsync(command.Executable, _environment.DataDirectory, _environment.TrustAnchors,
            Path.Combine(directory, "gateway.log"), settings: null, cancellationToken);

        _senders = [.. _environment.Senders.Select(_ => new DocumentExchange.DocumentExchangeClient(Channel()))];
        _recipients = [.. _environment.Recipients.Select(_ => new DocumentExchange.DocumentExchangeClient(Channel()))];
        _senderCredentials = [.. _environment.Senders.Select(s => Bearer(s.Token))];
        _recipientCredentials = [.. _environment.Recipients.Select(s => Bearer(s.Token))];
        _documents = new DocumentFactory(
            [.. Enumerable.Range(0, senders).Select(i => (LoadOrganisations.Sender(i), _environment.SignerCertificate(i), _environment.SignerKey(i)))],
            payloadBytes: 4096);
    }

    /// <summary>One connection per system, as separate agencies' systems would have.</summary>
    private GrpcChannel Channel()
    {
        var channel = GrpcChannel.ForAddress(_gateway!.Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
            MaxReceiveMessageSize = 8 << 20,
        });
        _channels.Add(channel);
        return channel;
    }

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    public async Task<IRunSession> BeginRunAsync(RunSpec spec, RunRecorder recorder, CancellationToken cancellationToken)
    {
        if (_documents is null || _gateway is null)
            throw new InvalidOperationException("the gateway target was not started");
        if (_gateway.HasExited)
            throw new InvalidOperationException($"the gateway exited; its log ends:\n{_gateway.Tail()}");
        var codes = Enumerable.Range(0, recipients).Select(j => LoadOrganisations.Recipient(spec.Index, j)).ToList();
        progress($"gateway: signing {spec.Messages:N0} documents");
        var requests = await Task.Run(() => _documents.Build(spec.Index, spec.Messages, codes,
            done => progress($"gateway: signed {done:N0} of {spec.Messages:N0} documents"), cancellationToken), cancellationToken);

        var receivers = new List<ExchangeReceiver>();
        for (var j = 0; j < recipients; j++)
            receivers.Add(await ExchangeReceiver.OpenAsync(_recipients[j], _recipientCredentials[j], codes[j], (uint)spec.Credits, recorder, cancellationToken));
        return new Session(this, requests, receivers);
    }

    private sealed class Session(GatewayTarget target, SendRequest?[] requests, List<ExchangeReceiver> receivers) : IRunSession
    {
        public long Capacity => requests.LongLength;
        public string? Notes => null;

        public async Task SendAsync(long message, CancellationToken cancellationToken)
        {
            var request = requests[message] ?? throw new InvalidOperationException($"message {message} was already sent");
            // Dropped once sent: a long run's documents are not all held until it ends.
            requests[message] = null;
            var sender = (int)(message % target._senders.Length);
            await target._senders[sender].SendAsync(request, target._senderCredentials[sender], DateTime.UtcNow.AddSeconds(60), cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var receiver in receivers)
                await receiver.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
            channel.Dispose();
        if (_gateway is not null)
            await _gateway.DisposeAsync();
        if (_environment is not null)
            await _environment.DisposeAsync();
    }
}
