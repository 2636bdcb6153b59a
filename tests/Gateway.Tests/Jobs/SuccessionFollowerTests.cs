using Gateway.Jobs;
using Gateway.Protocol.V1;
using Gateway.Registry;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using static Gateway.Tests.DeadLetters.ExchangeSteps;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Jobs;

public sealed class SuccessionFollowerTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private ExchangeGateway _gw = null!;

    public async ValueTask InitializeAsync() =>
        _gw = await StartAsync(new Dictionary<string, string?> { ["Registry:FollowInterval"] = "20s" }, _clock).WaitAsync(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync() => await _gw.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));

    private SuccessionFollower Follower => _gw.Gateway.Services.GetRequiredService<SuccessionFollower>();

    private OrgRegistry Registry => _gw.Gateway.Services.GetRequiredService<OrgRegistry>();

    [Fact]
    public async Task RunOnce_RecipientSucceeded_SuccessorPullsItUnderTheSameIdWithARedirection()
    {
        await SendAsync(_gw, "cv-1", [Ministry]).WaitAsync(Timeout);
        var queuedId = Assert.Single(Events(_gw, QueuedDeliveryId()), e => e.Kind == "queued").DeliveryId;
        var effective = _clock.GetUtcNow();
        Registry.Succeed(Ministry, [NgheAn], effective);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(new SuccessionFollower.Outcome(1, 0), Follower.RunOnce());

        var delivery = Assert.Single(await PullAsync(_gw, _gw.RecipientToken).WaitAsync(Timeout));
        Assert.Equal(queuedId, delivery.DeliveryId);
        Assert.Equal(NgheAn, delivery.Recipient);
        Assert.Equal((Ministry, NgheAn), (delivery.Document.Redirection.FromCode, delivery.Document.Redirection.ToCode));
        Assert.Equal(effective.ToUnixTimeMilliseconds(), delivery.Document.Redirection.EffectiveAt.ToDateTimeOffset().ToUnixTimeMilliseconds());
        var redirected = Assert.Single(Events(_gw, queuedId), e => e.Kind == "redirected");
        Assert.Equal(NgheAn, redirected.Org);
        Assert.StartsWith($"{Ministry} is succeeded by {NgheAn} since ", redirected.Detail, StringComparison.Ordinal);
        Assert.Empty(await PullAsync(_gw, _gw.StrangerToken).WaitAsync(Timeout));
    }

    [Fact]
    public async Task RunOnce_SuccessorAlreadyHasTheDocument_DeadLettersTheDuplicate()
    {
        await SendAsync(_gw, "cv-1", [Ministry, NgheAn]).WaitAsync(Timeout);
        var ministryCopy = QueuedDeliveryId(Ministry);
        Registry.Succeed(Ministry, [NgheAn], _clock.GetUtcNow());

        Assert.Equal(new SuccessionFollower.Outcome(0, 1), Follower.RunOnce());

        Assert.Equal(1, _gw.Count($"SELECT COUNT(*) FROM deliveries WHERE id = '{ministryCopy}' AND state = 3 AND recipient = '{Ministry}' " +
            $"AND dead_reason = 'duplicate after succession: {NgheAn} already has this document'"));
        Assert.Single(await PullAsync(_gw, _gw.RecipientToken).WaitAsync(Timeout));
    }

    [Fact]
    public async Task RunOnce_LeaseStillRunning_WaitsUntilTheLeaseRunsOut()
    {
        await SendAsync(_gw, "cv-1", [Ministry]).WaitAsync(Timeout);
        var leased = Assert.Single(await PullAsync(_gw, _gw.StrangerToken).WaitAsync(Timeout));
        Registry.Succeed(Ministry, [NgheAn], _clock.GetUtcNow());

        Assert.Equal(new SuccessionFollower.Outcome(0, 0), Follower.RunOnce());
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(new SuccessionFollower.Outcome(1, 0), Follower.RunOnce());

        var again = Assert.Single(await PullAsync(_gw, _gw.RecipientToken).WaitAsync(Timeout));
        Assert.Equal((leased.DeliveryId, 2U), (again.DeliveryId, again.Attempt));
    }

    [Fact]
    public async Task RunOnce_SuccessionNotYetInEffect_LeavesTheDelivery()
    {
        await SendAsync(_gw, "cv-1", [Ministry]).WaitAsync(Timeout);
        Registry.Succeed(Ministry, [NgheAn], _clock.GetUtcNow().AddHours(1));

        Assert.Equal(new SuccessionFollower.Outcome(0, 0), Follower.RunOnce());
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new SuccessionFollower.Outcome(1, 0), Follower.RunOnce());
    }

    [Fact]
    public async Task RunOnce_SplitCode_LeavesItsDeliveriesQueued()
    {
        await SendAsync(_gw, "cv-1", [Ministry]).WaitAsync(Timeout);
        Registry.Succeed(Ministry, [NgheAn, Office], _clock.GetUtcNow());

        Assert.Equal(new SuccessionFollower.Outcome(0, 0), Follower.RunOnce());
        Assert.Equal(new SuccessionFollower.Outcome(0, 0), Follower.RunOnce());

        Assert.Equal(1, _gw.Count($"SELECT COUNT(*) FROM deliveries WHERE recipient = '{Ministry}' AND state = 0"));
    }

    [Fact]
    public async Task Schedule_ConfiguredInterval_RepeatsAtThatInterval()
    {
        var scheduler = await _gw.Gateway.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken).AsTask().WaitAsync(Timeout);

        var triggers = await scheduler.GetTriggersOfJob(SuccessionFollowJob.Key, TestContext.Current.CancellationToken).AsTask().WaitAsync(Timeout);

        Assert.Equal(TimeSpan.FromSeconds(20), Assert.IsAssignableFrom<ISimpleTrigger>(Assert.Single(triggers)).RepeatInterval);
    }

    private string QueuedDeliveryId(string recipient = Ministry)
    {
        using var connection = _gw.Gateway.Services.GetRequiredService<Gateway.Store.Sqlite.SqliteStore>().OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM deliveries WHERE recipient = $r AND status_id IS NULL";
        command.Parameters.AddWithValue("$r", recipient);
        return (string)command.ExecuteScalar()!;
    }
}
