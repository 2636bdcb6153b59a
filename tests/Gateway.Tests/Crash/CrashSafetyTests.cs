using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Protocol.V1;
using Gateway.Tests.Support;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;

namespace Gateway.Tests.Crash;

/// <summary>
/// Acknowledged means durable: the daemon runs as a child process, concurrent senders send, and the
/// daemon is killed with SIGKILL mid-load several times. Afterwards every document whose Send returned
/// OK is delivered with its exact payload, a lease held across a crash comes back under the same
/// delivery id, and nothing half-written is visible.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private const string Sender = "000.00.00.G22";
    private const string Recipient = "000.00.00.H41";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    private string Data => _dir.Combine("data");

    private async Task<string> CliAsync(params string[] args)
    {
        await using var cli = DaemonProcess.Start(_dir.Path, [.. args, "--data", Data]);
        Assert.True(await cli.WaitForExitAsync(Timeout) == 0, cli.Output());
        return string.Join('\n', cli.StandardOutput);
    }

    private async Task<(DaemonProcess Daemon, GrpcChannel Channel)> StartDaemonAsync()
    {
        var port = FreePort.Next();
        var daemon = DaemonProcess.Start(_dir.Path, "run", $"--Grpc:Endpoint=127.0.0.1:{port}", $"--Store:DataDirectory={Data}",
            "--Delivery:LeaseDuration=1s", "--Log:MinimumLevel=warning", "--Signatures:Required=false");
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        await WaitServingAsync(channel);
        return (daemon, channel);
    }

    private static async Task WaitServingAsync(GrpcChannel channel)
    {
        var health = new Grpc.Health.V1.Health.HealthClient(channel);
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            try
            {
                var status = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cts.Token);
                if (status.Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving)
                    return;
            }
            catch (RpcException) when (!cts.IsCancellationRequested)
            {
            }

            await Task.Delay(50, cts.Token);
        }
    }

    private static CallOptions As(string token) => new(new Metadata { { "authorization", $"Bearer {token}" } }, DateTime.UtcNow.AddSeconds(10));

    [Fact]
    public async Task Daemon_KilledMidLoadRepeatedly_DeliversEveryAcknowledgedDocument()
    {
        var sample = Path.Combine(FindRepositoryRoot(AppContext.BaseDirectory), "tests", "data", "orgs-sample.csv");
        await CliAsync("orgs", "import", sample);
        var senderToken = JsonDocument.Parse(await CliAsync("systems", "add", "--name", "crash-sender", "--org", Sender, "--json")).RootElement.GetProperty("token").GetString()!;
        var recipientToken = JsonDocument.Parse(await CliAsync("systems", "add", "--name", "crash-recipient", "--org", Recipient, "--json")).RootElement.GetProperty("token").GetString()!;

        var acknowledged = new ConcurrentDictionary<string, byte[]>(); // document id -> payload SHA-256
        var heldAcrossCrash = new List<string>();
        var next = 0;
        for (var cycle = 0; cycle < 3; cycle++)
        {
            var (daemon, channel) = await StartDaemonAsync();
            await using var _ = daemon;
            using var __ = channel;
            var client = new DocumentExchange.DocumentExchangeClient(channel);

            if (cycle == 1)
            {
                // A delivery leased and never settled when the daemon dies must come back under its id.
                var pulled = await client.PullAsync(new PullRequest { MaxDeliveries = 2 }, As(recipientToken));
                heldAcrossCrash.AddRange(pulled.Deliveries.Select(d => d.DeliveryId));
            }

            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var payload = RandomNumberGenerator.GetBytes(2048);
                    var reference = $"crash-{Interlocked.Increment(ref next)}";
                    try
                    {
                        var receipt = (await client.SendAsync(Documents.Send(Sender, [Recipient], reference, payload), As(senderToken))).Receipt;
                        acknowledged[receipt.DocumentId] = SHA256.HashData(payload);
                    }
                    catch (RpcException)
                    {
                        // Not acknowledged: the gateway owes nothing for this one.
                    }
                }
            })).ToArray();

            var target = acknowledged.Count + 60;
            using (var wait = new CancellationTokenSource(Timeout))
            {
                while (acknowledged.Count < target)
                    await Task.Delay(10, wait.Token);
            }

            daemon.Kill(); // SIGKILL, mid-load
            await stop.CancelAsync();
            await Task.WhenAll(senders).WaitAsync(Timeout);
        }

        Assert.Equal(2, heldAcrossCrash.Count);
        var (final, finalChannel) = await StartDaemonAsync();
        await using var ___ = final;
        using var ____ = finalChannel;
        var receiver = new DocumentExchange.DocumentExchangeClient(finalChannel);

        var delivered = new Dictionary<string, (string DeliveryId, byte[] Sha)>();
        using (var deadline = new CancellationTokenSource(Timeout))
        {
            // Leases of the killed daemons expire after 1 s; keep pulling until everything acknowledged has come.
            while (!acknowledged.Keys.All(delivered.ContainsKey))
            {
                var pulled = await receiver.PullAsync(new PullRequest { MaxDeliveries = 500 }, As(recipientToken));
                var ack = new AckRequest();
                foreach (var delivery in pulled.Deliveries.Where(d => d.Document is not null))
                {
                    var header = DocumentHeader.Parser.ParseFrom(delivery.Document.Header.Header);
                    var sha = SHA256.HashData(delivery.Document.Payload.Span);
                    Assert.Equal(header.Payload.Sha256.ToByteArray(), sha);
                    delivered[delivery.Document.DocumentId] = (delivery.DeliveryId, sha);
                    ack.Settlements.Add(new Settlement { DeliveryId = delivery.DeliveryId, Outcome = Settlement.Types.Outcome.Ack });
                }

                if (ack.Settlements.Count > 0)
                    await receiver.AckAsync(ack, As(recipientToken));
                else
                    await Task.Delay(100, deadline.Token);
            }
        }

        foreach (var (documentId, sha) in acknowledged)
            Assert.Equal(sha, delivered[documentId].Sha);
        Assert.All(heldAcrossCrash, id => Assert.Contains(id, delivered.Values.Select(v => v.DeliveryId)));
        AssertNothingHalfWritten();
    }

    /// <summary>Every document has its deliveries and its payload (a row of the payloads table or a blob file); every delivery has its document.</summary>
    private void AssertNothingHalfWritten()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Data, "gateway.db")};Pooling=false;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM documents x WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.document_seq = x.seq AND d.status_id IS NULL)";
        Assert.Equal(0L, command.ExecuteScalar());
        command.CommandText = "SELECT x.payload_sha256, p.sha256 IS NOT NULL FROM documents x LEFT JOIN payloads p ON p.sha256 = x.payload_sha256";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var hex = Convert.ToHexStringLower((byte[])reader[0]);
            Assert.True(reader.GetBoolean(1) || File.Exists(Path.Combine(Data, "blobs", hex[..2], hex)), $"payload {hex} is missing");
        }
    }

    private static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"no Gateway.sln above {start}");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
