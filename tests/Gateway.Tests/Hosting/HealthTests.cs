using Gateway.Tests.Support;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Data.Sqlite;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Gateway.Tests.Hosting;

public sealed class HealthTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly TempDirectory _dir = new();

    private static DateTime Deadline => DateTime.UtcNow.Add(Timeout);

    [Theory]
    [InlineData("")]
    [InlineData("axis.v1.DocumentExchange")]
    [InlineData("axis.v1.GatewayPeering")]
    [InlineData("axis.v1.Admin")]
    public async Task Check_StoreOpen_Serving(string service)
    {
        await using var gateway = await TestGateway.StartAsync(_dir.Combine("data"));
        var client = new Health.HealthClient(gateway.Channel);

        var response = await client.CheckAsync(new HealthCheckRequest { Service = service }, deadline: Deadline);

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_UnknownService_FailsWithNotFound()
    {
        await using var gateway = await TestGateway.StartAsync(_dir.Combine("data"));
        var client = new Health.HealthClient(gateway.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.CheckAsync(new HealthCheckRequest { Service = "axis.v1.NoSuchService" }, deadline: Deadline));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Watch_StoreOpen_FirstMessageIsServing()
    {
        await using var gateway = await TestGateway.StartAsync(_dir.Combine("data"));
        var client = new Health.HealthClient(gateway.Channel);
        using var cts = new CancellationTokenSource(Timeout);

        using var call = client.Watch(new HealthCheckRequest(), cancellationToken: cts.Token);
        Assert.True(await call.ResponseStream.MoveNext(cts.Token));

        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task Check_StoreLockedAtStart_NotServingUntilItOpens()
    {
        // Another process holds the database's write lock, so opening the store waits on it.
        var data = _dir.Combine("data");
        await using (await TestGateway.StartAsync(data))
        {
        }

        var holder = new SqliteConnection($"Data Source={Path.Combine(data, "gateway.db")};Pooling=false");
        holder.Open();
        var held = holder.BeginTransaction(deferred: false);
        using (var write = holder.CreateCommand())
        {
            write.Transaction = held;
            write.CommandText = "UPDATE store_identity SET created_at = created_at";
            write.ExecuteNonQuery();
        }

        await using var gateway = await TestGateway.StartAsync(data, new Dictionary<string, string?> { ["Store:BusyTimeout"] = "30s" }, waitForServing: false);
        var client = new Health.HealthClient(gateway.Channel);

        var whileLocked = await client.CheckAsync(new HealthCheckRequest(), deadline: Deadline);
        Assert.Equal(ServingStatus.NotServing, whileLocked.Status);

        held.Dispose();
        holder.Dispose();
        var status = await PollAsync(async () => (await client.CheckAsync(new HealthCheckRequest(), deadline: Deadline)).Status, ServingStatus.Serving);
        Assert.Equal(ServingStatus.Serving, status);
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, T wanted)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var value = await read();
            if (EqualityComparer<T>.Default.Equals(value, wanted) || cts.IsCancellationRequested)
                return value;
            await Task.Delay(50, CancellationToken.None);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
