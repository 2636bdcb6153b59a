using Gateway.Jobs;
using Gateway.Protocol.V1;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using static Gateway.Tests.DeadLetters.ExchangeSteps;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Jobs;

public sealed class RetentionPurgeJobTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);

    /// <summary>A document Nghệ An acknowledged and whose status 01 the Office acknowledged; returns the gateway.</summary>
    private async Task<ExchangeGateway> SettledHistoryAsync(string retention)
    {
        var gw = await StartAsync(new Dictionary<string, string?> { ["Store:Retention"] = retention }, _clock).WaitAsync(TimeSpan.FromSeconds(60));
        await SendAsync(gw, "cv-1", [NgheAn]).WaitAsync(Timeout);
        var document = Assert.Single(await PullAsync(gw, gw.RecipientToken).WaitAsync(Timeout));
        Assert.True((await SettleAsync(gw, gw.RecipientToken, document.DeliveryId, Settlement.Types.Outcome.Ack).WaitAsync(Timeout)).Applied);
        var status = Assert.Single(await PullAsync(gw, gw.Token).WaitAsync(Timeout));
        Assert.True((await SettleAsync(gw, gw.Token, status.DeliveryId, Settlement.Types.Outcome.Ack).WaitAsync(Timeout)).Applied);
        await DeadLetterAsync(gw, "cv-2").WaitAsync(Timeout);
        return gw;
    }

    [Fact]
    public async Task RunOnce_AckedStatusOlderThanRetention_RemovesOnlyItsDeliveryRow()
    {
        await using var gw = await SettledHistoryAsync("2d");
        var events = gw.Count("SELECT COUNT(*) FROM events");
        var job = ActivatorUtilities.CreateInstance<RetentionPurgeJob>(gw.Gateway.Services);

        _clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, job.RunOnce());
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, job.RunOnce());

        Assert.Equal(0, gw.Count("SELECT COUNT(*) FROM deliveries WHERE status_id IS NOT NULL"));
        Assert.Equal(1, gw.Count("SELECT COUNT(*) FROM deliveries WHERE status_id IS NULL AND state = 2"));
        Assert.Equal(1, gw.Count("SELECT COUNT(*) FROM deliveries WHERE state = 3"));
        Assert.Equal(1, gw.Count("SELECT COUNT(*) FROM statuses"));
        Assert.Equal(2, gw.Count("SELECT COUNT(*) FROM documents"));
        Assert.Equal(events, gw.Count("SELECT COUNT(*) FROM events"));
    }

    [Fact]
    public async Task RunOnce_RetentionOff_RemovesNothingAndIsNotScheduled()
    {
        await using var gw = await SettledHistoryAsync("0");
        var job = ActivatorUtilities.CreateInstance<RetentionPurgeJob>(gw.Gateway.Services);
        _clock.Advance(TimeSpan.FromDays(3650));

        Assert.Equal(0, job.RunOnce());

        Assert.Equal(1, gw.Count("SELECT COUNT(*) FROM deliveries WHERE status_id IS NOT NULL"));
        var scheduler = await gw.Gateway.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken).AsTask().WaitAsync(Timeout);
        Assert.Null(await scheduler.GetJobDetail(RetentionPurgeJob.Key, TestContext.Current.CancellationToken).AsTask().WaitAsync(Timeout));
    }
}
