using Gateway.Load.Processes;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Gateway.Load.Gateway;

/// <summary>
/// Waits for a gRPC server (the gateway, the echo peer) to answer grpc.health.v1 with SERVING; fails
/// at once, with the last lines of its log, if the process exits first.
/// </summary>
internal static class HealthProbe
{
    public static async Task WaitServingAsync(Uri address, ChildProcess process, TimeSpan timeout, CancellationToken cancellationToken, TimeSpan? poll = null)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var health = new Health.HealthClient(channel);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        string last = "no answer yet";
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{process.Name} exited before it was SERVING; its log ({process.LogPath}) ends:\n{process.Tail()}");
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: deadline.Token);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                    return;
                last = reply.Status.ToString();
            }
            catch (RpcException ex) when (!deadline.IsCancellationRequested)
            {
                last = ex.Status.Detail;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{process.Name} was not SERVING after {timeout.TotalSeconds:0}s ({last}); its log ({process.LogPath}) ends:\n{process.Tail()}");
            }

            try
            {
                await Task.Delay(poll ?? TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{process.Name} was not SERVING after {timeout.TotalSeconds:0}s ({last}); its log ({process.LogPath}) ends:\n{process.Tail()}");
            }
        }
    }
}
