using Gateway.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Cli.Client;

/// <summary>
/// One channel to the gateway for a client command, and the call options every call uses: the bearer
/// token (none when a client certificate authenticates alone) and a deadline (no call waits forever
/// on a gateway that stopped answering).
/// </summary>
internal sealed class ClientConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Metadata _headers;
    private readonly ClientCertificate? _certificate;

    private ClientConnection(Uri endpoint, GrpcChannel channel, string? token, ClientCertificate? certificate)
    {
        Endpoint = endpoint;
        _channel = channel;
        _certificate = certificate;
        // No authorization entry at all without a token: the gateway then authenticates the certificate.
        _headers = token is null ? [] : new Metadata { { "authorization", $"Bearer {token}" } };
        Exchange = new DocumentExchange.DocumentExchangeClient(channel);
    }

    public Uri Endpoint { get; }

    public DocumentExchange.DocumentExchangeClient Exchange { get; }

    /// <param name="certificate">Presented in the TLS handshake; owned by the connection from here on.</param>
    public static ClientConnection Open(Uri endpoint, string? token, TrustedRoots? roots, ClientCertificate? certificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // More than 100 concurrent sends (--count) open another connection instead of queueing.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (roots is not null)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, errors) => roots.Validate(presented, errors);
        if (certificate is not null)
            handler.SslOptions.ClientCertificateContext = certificate.Context;

        var channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            // A Pull answer carries whole inline payloads (up to the gateway's Limits:InlinePayloadBytes
            // each); the gateway bounds it, the client does not second-guess the size.
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });
        return new ClientConnection(endpoint, channel, token, certificate);
    }

    public CallOptions Call(TimeSpan timeout, CancellationToken cancellationToken) =>
        new(_headers, DateTime.UtcNow.Add(timeout), cancellationToken);

    public void Dispose()
    {
        _channel.Dispose();
        _certificate?.Dispose();
    }
}
