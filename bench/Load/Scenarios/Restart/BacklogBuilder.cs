using System.Diagnostics;
using System.Security.Cryptography;
using Gateway.Crypto.Signatures;
using Gateway.Protocol.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Gateway.Load.Scenarios.Restart;

/// <summary>
/// Builds the backlog through the gateway's front door: documents signed beforehand (not timed), each
/// addressed to every backlog code (the gateway allows 10,000 recipients per document), sent with
/// DocumentExchange.Send by a few concurrent callers, each returning once its deliveries are durable.
/// </summary>
internal static class BacklogBuilder
{
    public const int PayloadBytes = 4096;
    private const int Concurrency = 4;

    public static SendRequest[] Sign(string certificate, string key, string sender, IReadOnlyList<string> recipients, int documents)
    {
        using var signer = DetachedSigner.LoadPem(certificate, key);
        var requests = new SendRequest[documents];
        for (var i = 0; i < documents; i++)
        {
            var payload = RandomNumberGenerator.GetBytes(PayloadBytes);
            var header = new DocumentHeader
            {
                Sender = sender,
                Recipients = { recipients },
                ClientReference = $"load-backlog-{i}",
                Priority = Priority.Normal,
                Payload = new PayloadDescriptor
                {
                    Sha256 = ByteString.CopyFrom(SHA256.HashData(payload)),
                    Size = payload.Length,
                    ContentType = "application/pdf",
                    FileName = "thong-bao.pdf",
                },
                Business = new BusinessInfo { Type = BusinessType.New },
                Metadata = new DocumentMetadata { Subject = "Kiểm thử tải: tồn đọng" },
            }.ToByteString();
            requests[i] = new SendRequest
            {
                Header = new SignedHeader { Header = header, Signature = ByteString.CopyFrom(signer.Sign(header.Span)) },
                Payload = UnsafeByteOperations.UnsafeWrap(payload),
            };
        }

        return requests;
    }

    /// <summary>
    /// Sends every request; returns the time from the first send to the last receipt, and how long
    /// the first and the second half of the documents took (does a growing queue slow the commits down?).
    /// </summary>
    public static async Task<(TimeSpan Total, TimeSpan FirstHalf, TimeSpan SecondHalf)> SendAsync(
        DocumentExchange.DocumentExchangeClient client, Metadata credentials, SendRequest[] requests, Action<int> progress, CancellationToken cancellationToken)
    {
        var next = -1;
        var done = 0;
        var finished = new TimeSpan[requests.Length];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < requests.Length; i = Interlocked.Increment(ref next))
            {
                await client.SendAsync(requests[i], credentials, DateTime.UtcNow.AddMinutes(5), cancellationToken);
                var count = Interlocked.Increment(ref done);
                finished[count - 1] = clock.Elapsed;
                progress(count);
            }
        }));
        var half = Math.Max(1, requests.Length / 2);
        return (clock.Elapsed, finished[half - 1], finished[^1] - finished[half - 1]);
    }
}
