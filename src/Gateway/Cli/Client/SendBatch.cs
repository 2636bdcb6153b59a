using System.Diagnostics;
using Gateway.Protocol.V1;
using Grpc.Core;

namespace Gateway.Cli.Client;

/// <summary>
/// `gateway send --count N`: N copies of one file with references R-1..R-N, sent concurrently over one
/// channel, timed from the first call to the last answer. It measures the gateway's accepted documents
/// per second as one client process sees them; process start-up is not counted.
/// </summary>
internal static class SendBatch
{
    /// <summary>Sends in flight at once; above 100 (HTTP/2's usual stream limit) the channel opens more connections.</summary>
    public const int MaxConcurrency = 64;

    public sealed record Result(int Count, int Sent, int Duplicates, int Failed, int Concurrency, double Seconds, string FirstReference, string LastReference)
    {
        public double DocumentsPerSecond => Seconds > 0 ? Sent / Seconds : 0;
    }

    public static async Task<(Result Result, RpcException? FirstFailure)> RunAsync(
        ClientConnection connection, OutgoingDocument document, string reference, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var requests = new SendRequest[count];
        for (var i = 0; i < count; i++)
            requests[i] = document.Request($"{reference}-{i + 1}");

        var concurrency = Math.Min(count, MaxConcurrency);
        var next = -1;
        var sent = 0;
        var duplicates = 0;
        var failed = 0;
        RpcException? firstFailure = null;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    var response = await connection.Exchange.SendAsync(requests[index], connection.Call(timeout, cancellationToken));
                    Interlocked.Increment(ref sent);
                    if (response.Receipt.Duplicate)
                        Interlocked.Increment(ref duplicates);
                }
                catch (RpcException ex)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, ex, null);
                }
            }
        });
        await Task.WhenAll(workers);
        clock.Stop();
        var result = new Result(count, sent, duplicates, failed, concurrency, clock.Elapsed.TotalSeconds, $"{reference}-1", $"{reference}-{count}");
        return (result, firstFailure);
    }
}
