using Gateway.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Cli.Client;

/// <summary>
/// One channel to the gateway for a client command, and the call options every call uses: the bearer
/// token and a deadline (no call waits forever on a gateway that stopped answering).
/// </summary>
internal sealed class ClientConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Metadata _headers;

    private ClientConnection(Uri endpoint, GrpcChannel channel, string token)
    {
        Endpoint = endpoint;
        _channel = channel;
        _headers = new Metadata { { "authorization", $"Bearer {token}" } };
        Exchange = new DocumentExchange.DocumentExchangeClient(channel);
    }

    public Uri Endpoint { get; }

    public DocumentExchange.DocumentExchangeClient Exchange { get; }

    public static ClientConnection Open(Uri endpoint, string token, TrustedRoots? roots)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // More than 100 concurrent sends (--count) open another connection instead of queueing.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (roots is not null)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => roots.Validate(certificate, errors);

        var channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            // A Pull answer carries whole inline payloads (up to the gateway's Limits:InlinePayloadBytes
            // each); the gateway bounds it, the client does not second-guess the size.
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });
        return new ClientConnection(endpoint, channel, token);
    }

    public CallOptions Call(TimeSpan timeout, CancellationToken cancellationToken) =>
        new(_headers, DateTime.UtcNow.Add(timeout), cancellationToken);

    public void Dispose() => _channel.Dispose();
}
