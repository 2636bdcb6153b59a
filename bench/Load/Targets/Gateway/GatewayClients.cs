using Gateway.Load.Gateway;
using Gateway.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Load.Targets.Gateway;

/// <summary>
/// DocumentExchange clients for a list of connected systems: one HTTP/2 connection and one bearer
/// token each, as separate agencies' systems would have.
/// </summary>
internal sealed class GatewayClients : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly DocumentExchange.DocumentExchangeClient[] _clients;
    private readonly Metadata[] _credentials;

    public GatewayClients(Uri address, IReadOnlyList<LoadSystem> systems)
    {
        _channels = [.. systems.Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
            MaxReceiveMessageSize = 8 << 20,
        }))];
        _clients = [.. _channels.Select(c => new DocumentExchange.DocumentExchangeClient(c))];
        _credentials = [.. systems.Select(s => new Metadata { { "authorization", "Bearer " + s.Token } })];
    }

    public int Count => _clients.Length;

    public DocumentExchange.DocumentExchangeClient Client(int system) => _clients[system];

    public Metadata Credentials(int system) => _credentials[system];

    /// <summary>Sends one document as system <paramref name="system"/>; returns the gateway's receipt.</summary>
    public async Task<Receipt> SendAsync(int system, SendRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var response = await _clients[system].SendAsync(request, _credentials[system], DateTime.UtcNow.Add(timeout), cancellationToken);
        return response.Receipt;
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
            channel.Dispose();
    }
}
