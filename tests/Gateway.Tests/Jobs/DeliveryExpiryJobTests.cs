using Gateway.Jobs;
using Gateway.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using static Gateway.Tests.DeadLetters.ExchangeSteps;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Jobs;

public sealed class DeliveryExpiryJobTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private ExchangeGateway _gw = null!;

    public async ValueTask InitializeAsync() =>
        _gw = await StartAsync(new Dictionary<string, string?> { ["Delivery:ExpiryInterval"] = "45s" }, _clock).WaitAsync(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync() => await _gw.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));

    private DeliveryExpiryJob Job => ActivatorUtilities.CreateInstance<DeliveryExpiryJob>(_gw.Gateway.Services);

    [Fact]
    public async Task RunOnce_QueuedAndLeasedDocumentsExpired_DeadLettersBothWithTheReason()
    {
        var expires = _clock.GetUtcNow().AddMinutes(10);
        await SendAsync(_gw, "cv-1", [NgheAn, Ministry], Timestamp.FromDateTimeOffset(expires)).WaitAsync(Timeout);
        var leased = Assert.Single(await PullAsync(_gw, _gw.RecipientToken).WaitAsync(Timeout));
        _clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(2, Job.RunOnce());

        Assert.Equal(2, _gw.Count("SELECT COUNT(*) FROM deliveries WHERE state = 3"));
        var reason = $"expired: the document expired at {DateTimeOffset.FromUnixTimeMilliseconds(expires.ToUnixTimeMilliseconds()):O} before it was acknowledged";
        Assert.Equal(2, _gw.Count($"SELECT COUNT(*) FROM deliveries WHERE dead_reason = '{reason}'"));
        var dead = Assert.Single(Events(_gw, leased.DeliveryId), e => e.Kind == "dead_lettered");
        Assert.Equal(reason, dead.Detail);
        Assert.Equal(0, Job.RunOnce());
    }

    [Fact]
    public async Task RunOnce_DocumentNotYetExpired_LeavesItQueued()
    {
        await SendAsync(_gw, "cv-1", [NgheAn], Timestamp.FromDateTimeOffset(_clock.GetUtcNow().AddMinutes(10))).WaitAsync(Timeout);
        await SendAsync(_gw, "cv-2", [NgheAn]).WaitAsync(Timeout);
        _clock.Advance(TimeSpan.FromMinutes(9));

        Assert.Equal(0, Job.RunOnce());

        Assert.Equal(2, _gw.Count("SELECT COUNT(*) FROM deliveries WHERE state = 0"));
    }

    [Fact]
    public async Task Schedule_ConfiguredInterval_RepeatsAtThatInterval()
    {
        var scheduler = await _gw.Gateway.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken).AsTask().WaitAsync(Timeout);

        var triggers = await scheduler.GetTriggersOfJob(DeliveryExpiryJob.Key, TestContext.Current.CancellationToken).AsTask().WaitAsync(Timeout);

        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(Assert.Single(triggers));
        Assert.Equal(TimeSpan.FromSeconds(45), trigger.RepeatInterval);
    }
}
