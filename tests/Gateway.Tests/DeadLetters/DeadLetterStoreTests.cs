using Gateway.DeadLetters;
using Gateway.Protocol.V1;
using Gateway.Store.Events;
using Gateway.Store.Sqlite;
using Gateway.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.DeadLetters.ExchangeSteps;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.DeadLetters;

/// <summary>List, replay and purge of dead letters on a real gateway's store, on a manual clock.</summary>
public sealed class DeadLetterStoreTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private ExchangeGateway _gw = null!;

    public async ValueTask InitializeAsync() => _gw = await StartAsync(clock: _clock).WaitAsync(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync() => await _gw.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));

    private DeadLetterStore Store => new(_gw.Gateway.Services.GetRequiredService<SqliteStore>(), _clock);

    private async Task<string> DeadLetterLaterAsync(string reference)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        return await DeadLetterAsync(_gw, reference).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task List_SeveralDeadLetters_PagesOldestFirst()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add(await DeadLetterLaterAsync($"cv-{i}"));

        var first = Store.List(null, 2);
        var second = Store.List(null, 2, first.Next);

        Assert.Equal(ids[..2], first.Items.Select(d => d.DeliveryId));
        Assert.Equal(ids[1], first.Next);
        Assert.Equal([ids[2]], second.Items.Select(d => d.DeliveryId));
        Assert.Null(second.Next);
        var letter = first.Items[0];
        Assert.Equal((NgheAn, NgheAn, 1, false), (letter.Recipient, letter.Requested, letter.Attempts, letter.IsStatus));
        Assert.Equal($"rejected by {NgheAn}: sai nơi nhận", letter.Reason);
    }

    [Fact]
    public async Task List_OtherRecipient_IsEmpty()
    {
        await DeadLetterLaterAsync("cv-1");

        Assert.Single(Store.List(NgheAn, 10).Items);
        Assert.Empty(Store.List(Ministry, 10).Items);
    }

    [Fact]
    public void List_AfterUnknownId_ThrowsNamingIt()
    {
        var error = Assert.Throws<DeadLetterException>(() => Store.List(null, 10, "nope"));

        Assert.Equal("after: 'nope' is not a dead-lettered delivery id", error.Message);
    }

    [Fact]
    public async Task Replay_DeadLetter_PullReceivesItAtOnceUnderTheSameId()
    {
        var id = await DeadLetterLaterAsync("cv-1");

        Assert.Equal(1, Store.Replay([id]));

        var again = Assert.Single(await PullAsync(_gw, _gw.RecipientToken).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(id, again.DeliveryId);
        Assert.Equal(1U, again.Attempt);
        Assert.Empty(Store.List(null, 10).Items);
        var replayed = Assert.Single(Events(_gw, id), e => e.Kind == "replayed");
        Assert.Equal(NgheAn, replayed.Org);
        Assert.Contains($"it was dead-lettered: rejected by {NgheAn}: sai nơi nhận", replayed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_UnknownAndQueuedIds_ThrowsNamingEachAndChangesNothing()
    {
        var dead = await DeadLetterLaterAsync("cv-1");
        await SendAsync(_gw, "cv-2", [Ministry]).WaitAsync(TimeSpan.FromSeconds(30));
        var queuedId = QueuedId();

        var error = Assert.Throws<DeadLetterException>(() => Store.Replay([dead, "missing-1", queuedId]));

        Assert.Equal($"unknown delivery id 'missing-1'; delivery '{queuedId}' is queued, not dead-lettered", error.Message);
        Assert.Single(Store.List(null, 10).Items);
        Assert.DoesNotContain(Events(_gw, dead), e => e.Kind == "replayed");
    }

    [Fact]
    public async Task Replay_ExpiredDocument_IsRefusedAndReplayRecipientSkipsIt()
    {
        var expires = Timestamp.FromDateTimeOffset(_clock.GetUtcNow().AddMinutes(5));
        await SendAsync(_gw, "cv-1", [NgheAn], expires).WaitAsync(TimeSpan.FromSeconds(30));
        var delivery = Assert.Single(await PullAsync(_gw, _gw.RecipientToken).WaitAsync(TimeSpan.FromSeconds(30)));
        await SettleAsync(_gw, _gw.RecipientToken, delivery.DeliveryId, Settlement.Types.Outcome.Reject).WaitAsync(TimeSpan.FromSeconds(30));
        _clock.Advance(TimeSpan.FromMinutes(6));

        var error = Assert.Throws<DeadLetterException>(() => Store.Replay([delivery.DeliveryId]));
        var outcome = Store.ReplayRecipient(NgheAn);

        Assert.StartsWith($"delivery '{delivery.DeliveryId}': its document expired at ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("so a replay would dead-letter it again (purge it instead)", error.Message, StringComparison.Ordinal);
        Assert.Equal(new ReplayOutcome(0, 1), outcome);
    }

    [Fact]
    public async Task ReplayRecipient_SeveralDeadLetters_ReplaysOnlyThatRecipients()
    {
        await DeadLetterLaterAsync("cv-1");
        await DeadLetterLaterAsync("cv-2");

        Assert.Equal(new ReplayOutcome(0, 0), Store.ReplayRecipient(Ministry));
        Assert.Equal(new ReplayOutcome(2, 0), Store.ReplayRecipient(NgheAn));

        Assert.Equal(2, (await PullAsync(_gw, _gw.RecipientToken).WaitAsync(TimeSpan.FromSeconds(30))).Count);
    }

    [Fact]
    public async Task Purge_Id_DeletesTheRowAndRecordsItOnTheTraceWithTheChainIntact()
    {
        var id = await DeadLetterLaterAsync("cv-1");
        var other = await DeadLetterLaterAsync("cv-2");

        Assert.Equal(1, Store.Purge([id]));

        Assert.Equal(0, _gw.Count($"SELECT COUNT(*) FROM deliveries WHERE id = '{id}'"));
        Assert.Equal(2, _gw.Count("SELECT COUNT(*) FROM documents"));
        var purged = Assert.Single(Events(_gw, id), e => e.Kind == "purged");
        Assert.Contains($"it was dead-lettered: rejected by {NgheAn}: sai nơi nhận", purged.Detail, StringComparison.Ordinal);
        Assert.Equal([other], Store.List(null, 10).Items.Select(d => d.DeliveryId));
        Assert.Null(EventChainVerifier.Verify(_gw.Gateway.Services.GetRequiredService<SqliteStore>()).Problem);
    }

    [Fact]
    public async Task Purge_UnknownId_ThrowsAndPurgesNothing()
    {
        var id = await DeadLetterLaterAsync("cv-1");

        var error = Assert.Throws<DeadLetterException>(() => Store.Purge([id, "0000"]));

        Assert.Equal("unknown delivery id '0000'", error.Message);
        Assert.Single(Store.List(null, 10).Items);
    }

    [Fact]
    public async Task PurgeAll_ManyDeadLetters_RemovesEveryOneInBatches()
    {
        await DeadLetterLaterAsync("cv-1");
        await DeadLetterLaterAsync("cv-2");

        Assert.Equal(0, Store.PurgeRecipient(Ministry));
        Assert.Equal(2, Store.PurgeAll());

        Assert.Empty(Store.List(null, 10).Items);
        Assert.Equal(2, _gw.Count("SELECT COUNT(*) FROM events WHERE kind = 'purged'"));
    }

    private string QueuedId()
    {
        using var connection = _gw.Gateway.Services.GetRequiredService<SqliteStore>().OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM deliveries WHERE state = 0";
        return (string)command.ExecuteScalar()!;
    }
}
