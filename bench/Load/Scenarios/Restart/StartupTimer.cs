using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Load.Gateway;

namespace Gateway.Load.Scenarios.Restart;

/// <summary>
/// One start of `gateway run` on an existing data directory, timed from just before the process is
/// started: until grpc.health.v1 answers SERVING (polled every 10 ms) and, in parallel, until a
/// reconnecting recipient's Exchange stream gets a first delivery. Both gRPC clients are made only once
/// the port accepts TCP connections (polled every 10 ms): a channel whose first connection is refused
/// backs off for a second or more (Grpc.Net.Client's reconnect backoff), which would be timed as the
/// gateway's start-up.
/// </summary>
internal static class StartupTimer
{
    public sealed record Timing(TimeSpan Serving, TimeSpan FirstDelivery, int DeliveryAttempts);

    public static async Task<(GatewayProcess Gateway, Timing Timing)> StartAsync(
        string executable, string dataDirectory, string trustAnchors, string logPath, IEnumerable<string> settings,
        string recipientToken, string recipientCode, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromMinutes(3));
        var clock = Stopwatch.StartNew();
        var gateway = GatewayProcess.Launch(executable, dataDirectory, trustAnchors, logPath, settings);
        try
        {
            await WaitListeningAsync(gateway, stop.Token);
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        var delivery = TimedAsync(clock, FirstDelivery.WaitAsync(gateway.Address, recipientToken, recipientCode, stop.Token));
        var serving = TimedAsync(clock, WaitServingAsync(gateway, stop.Token));
        try
        {
            var (servingAt, _) = await serving;
            var (deliveredAt, attempts) = await delivery;
            return (gateway, new Timing(servingAt, deliveredAt, attempts));
        }
        catch
        {
            // The other wait may still be retrying: stop it before the process goes.
            await stop.CancelAsync();
            await Task.WhenAll(delivery, serving).ContinueWith(_ => { }, TaskScheduler.Default);
            await gateway.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitListeningAsync(GatewayProcess gateway, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (gateway.HasExited)
                throw new InvalidOperationException($"the gateway exited while starting; its log ({gateway.LogPath}) ends:\n{gateway.Tail()}");
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, gateway.Port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(10, cancellationToken);
            }
        }
    }

    private static async Task<int> WaitServingAsync(GatewayProcess gateway, CancellationToken cancellationToken)
    {
        await gateway.WaitServingAsync(TimeSpan.FromMinutes(3), cancellationToken, poll: TimeSpan.FromMilliseconds(10));
        return 0;
    }

    private static async Task<(TimeSpan At, T Value)> TimedAsync<T>(Stopwatch clock, Task<T> task)
    {
        var value = await task;
        return (clock.Elapsed, value);
    }
}
