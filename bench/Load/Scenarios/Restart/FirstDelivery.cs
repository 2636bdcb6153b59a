using Gateway.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Load.Scenarios.Restart;

/// <summary>
/// A recipient system that reconnects as soon as it can: from the moment the gateway's process is
/// started it opens an Exchange stream, subscribes for one code with one credit and waits for a
/// delivery; any failure (connection refused, UNAVAILABLE while the store opens) is retried after
/// <see cref="Retry"/>. The delivery is left unsettled: its lease returns it to the queue.
/// </summary>
internal static class FirstDelivery
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(10);

    /// <summary>Completes when a first delivery arrived; returns how many attempts it took.</summary>
    public static async Task<int> WaitAsync(Uri address, string token, string code, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 8 << 20 });
        var client = new DocumentExchange.DocumentExchangeClient(channel);
        var credentials = new Metadata { { "authorization", "Bearer " + token } };
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var call = client.Exchange(credentials, cancellationToken: cancellationToken);
                await call.RequestStream.WriteAsync(new ExchangeRequest { Subscribe = new Subscribe { OrgCodes = { code }, Credits = 1 } }, cancellationToken);
                await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    if (response.KindCase == ExchangeResponse.KindOneofCase.Delivery)
                        return attempt;
                }
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                // Not up yet: try again, as a recipient's reconnect loop would.
            }

            await Task.Delay(Retry, cancellationToken);
        }
    }
}
