using Gateway.Jobs;
using Gateway.Store.Sqlite;
using Gateway.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Gateway.Tests.Jobs;

public sealed class StoreMaintenanceJobTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Schedule_ConfiguredInterval_RepeatsAtThatIntervalAfterOneInterval()
    {
        await using var gateway = await TestGateway.StartAsync(_dir.Combine("data"), new Dictionary<string, string?> { ["Store:MaintenanceInterval"] = "7m" });
        var scheduler = await gateway.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);

        var triggers = await scheduler.GetTriggersOfJob(StoreMaintenanceJob.Key, TestContext.Current.CancellationToken);

        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(Assert.Single(triggers));
        Assert.Equal(TimeSpan.FromMinutes(7), trigger.RepeatInterval);
        Assert.Equal(-1, trigger.RepeatCount); // forever
        var next = trigger.NextFireTimeUtc;
        Assert.NotNull(next);
        Assert.InRange(next.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(7));
    }

    [Fact]
    public async Task RunOnce_OpenStore_OptimizesAndReportsSuccess()
    {
        await using var gateway = await TestGateway.StartAsync(_dir.Combine("data"));
        var job = ActivatorUtilities.CreateInstance<StoreMaintenanceJob>(gateway.Services);

        Assert.True(job.RunOnce());
    }

    [Fact]
    public void RunOnce_StoreNotOpen_Skips()
    {
        var store = new SqliteStore(
            new Gateway.Configuration.StoreOptions { DataDirectory = _dir.Combine("data"), BusyTimeout = TimeSpan.FromSeconds(1), MaintenanceInterval = TimeSpan.FromHours(1) },
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteStore>.Instance);
        var job = new StoreMaintenanceJob(store, Microsoft.Extensions.Logging.Abstractions.NullLogger<StoreMaintenanceJob>.Instance);

        Assert.False(job.RunOnce());
        Assert.False(Directory.Exists(_dir.Combine("data")));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
