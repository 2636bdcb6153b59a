using Gateway.Configuration;
using Gateway.Pipeline;
using Gateway.Store.Sqlite;
using Gateway.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Pipeline;

/// <summary>
/// Writes riding in the persist stage's commit (the settle stage's acknowledgements): committed with
/// the documents, told only after the commit, and a passenger that fails takes nothing else with it.
/// </summary>
public sealed class CommitPassengerTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private SqliteStore _store = null!;
    private PersistStage _stage = null!;

    public ValueTask InitializeAsync()
    {
        _store = new SqliteStore(
            new StoreOptions { DataDirectory = _dir.Path, BusyTimeout = TimeSpan.FromSeconds(5), MaintenanceInterval = TimeSpan.FromHours(1) },
            TimeProvider.System, NullLogger<SqliteStore>.Instance);
        _store.Open();
        using (var connection = _store.OpenConnection())
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE passenger_rows (value TEXT NOT NULL)";
            create.ExecuteNonQuery();
        }

        var key = Gateway.Receipts.ReceiptKeys.Load(new ReceiptsOptions(), _dir.Path, TimeProvider.System, out _);
        _stage = new PersistStage(_store, TimeProvider.System, new PipelineOptions { PersistQueue = 64, CommitBatch = 32 }, new ReceiptsOptions(),
            new Gateway.Crypto.Receipts.ReceiptSigner(key), new Gateway.Queues.DeliveryNotifier(), NullLogger<PersistStage>.Instance);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stage.DisposeAsync();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private sealed class RowPassenger(string value, bool fail = false) : ICommitPassenger
    {
        private readonly TaskCompletionSource<string> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Outcome => _outcome.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public void Write(SqliteConnection connection, SqliteTransaction transaction)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO passenger_rows (value) VALUES ($v)";
            insert.Parameters.AddWithValue("$v", value);
            insert.ExecuteNonQuery();
            if (fail)
                throw new InvalidOperationException($"{value} fails after writing");
        }

        public void Committed() => _outcome.TrySetResult("committed");

        public void Failed(Exception error) => _outcome.TrySetResult($"failed: {error.Message}");
    }

    private long Count(string sql)
    {
        using var connection = _store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Carry_Alone_IsCommittedAndToldSo()
    {
        var passenger = new RowPassenger("một");

        _stage.Carry(passenger);

        Assert.Equal("committed", await passenger.Outcome);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM passenger_rows WHERE value = 'một'"));
    }

    [Fact]
    public async Task Carry_OneFails_ItsWritesAreRolledBackAndTheOthersCommit()
    {
        var good = new RowPassenger("tốt");
        var bad = new RowPassenger("hỏng", fail: true);
        var after = new RowPassenger("sau");

        _stage.Carry(good);
        _stage.Carry(bad);
        _stage.Carry(after);

        Assert.Equal("committed", await good.Outcome);
        Assert.Equal("failed: hỏng fails after writing", await bad.Outcome);
        Assert.Equal("committed", await after.Outcome);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM passenger_rows WHERE value = 'hỏng'"));
        Assert.Equal(2, Count("SELECT COUNT(*) FROM passenger_rows"));
    }

    [Fact]
    public async Task Dispose_CommitsWhatWasCarriedThenRefusesMore()
    {
        var passenger = new RowPassenger("cuối");
        _stage.Carry(passenger);

        await _stage.DisposeAsync();

        Assert.Equal("committed", await passenger.Outcome);
        Assert.Throws<System.Threading.Channels.ChannelClosedException>(() => _stage.Carry(new RowPassenger("muộn")));
    }
}
