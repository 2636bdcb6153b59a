using Gateway.Configuration;
using Gateway.Store;
using Gateway.Store.Sqlite;
using Gateway.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Store;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private SqliteStore NewStore(TimeSpan? busyTimeout = null) => new(
        new StoreOptions { DataDirectory = _dir.Combine("data"), BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(5), MaintenanceInterval = TimeSpan.FromHours(1) },
        TimeProvider.System,
        NullLogger<SqliteStore>.Instance);

    private string DatabasePath => _dir.Combine("data", SqliteStore.DatabaseFileName);

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private object? ScalarOnFile(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        connection.Open();
        return Scalar(connection, sql);
    }

    [Fact]
    public void Open_FreshDirectory_CreatesDatabaseAtLatestSchema()
    {
        using var store = NewStore();
        store.Open();

        Assert.True(File.Exists(DatabasePath));
        Assert.Equal(MigrationCatalog.LatestVersion, store.SchemaVersion);
        Assert.Equal((long)MigrationCatalog.LatestVersion, ScalarOnFile("SELECT MAX(version) FROM schema_migrations"));
        Assert.NotEqual(Guid.Empty, store.StoreId);
    }

    [Fact]
    public void Open_Always_UsesWalJournal()
    {
        using var store = NewStore();
        store.Open();
        Assert.Equal("wal", ScalarOnFile("PRAGMA journal_mode"));
    }

    [Fact]
    public void OpenConnection_Always_SynchronousFull()
    {
        using var store = NewStore();
        store.Open();
        using var connection = store.OpenConnection();
        // 2 is FULL: each commit is fsynced before it returns.
        Assert.Equal(2L, Scalar(connection, "PRAGMA synchronous"));
        Assert.Equal(1L, Scalar(connection, "PRAGMA foreign_keys"));
    }

    [Fact]
    public void Open_ExistingStore_KeepsItsIdentityAndAppliesNothing()
    {
        Guid first;
        using (var store = NewStore())
        {
            store.Open();
            first = store.StoreId;
        }

        using var again = NewStore();
        again.Open();
        Assert.Equal(first, again.StoreId);
        Assert.Equal((long)MigrationCatalog.All.Count, ScalarOnFile("SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public void Open_NewerSchema_RefusesAndChangesNothing()
    {
        using (var store = NewStore())
            store.Open();
        var newer = MigrationCatalog.LatestVersion + 1;
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO schema_migrations VALUES ({newer}, 'from_the_future', '2030-01-01')";
            command.ExecuteNonQuery();
        }

        var before = File.ReadAllBytes(DatabasePath);
        using var refused = NewStore();
        var error = Assert.Throws<StoreException>(refused.Open);

        Assert.Contains($"schema version {newer}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {MigrationCatalog.LatestVersion}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", error.Message, StringComparison.Ordinal);
        Assert.False(refused.IsOpen);
        Assert.Equal((long)newer, ScalarOnFile("SELECT MAX(version) FROM schema_migrations"));
        Assert.Equal(before, File.ReadAllBytes(DatabasePath));
    }

    [Fact]
    public void Open_FileIsNotADatabase_RefusesWithAdvice()
    {
        Directory.CreateDirectory(_dir.Combine("data"));
        File.WriteAllText(DatabasePath, "this is a text file that happens to have the database's name, long enough to have a header");

        using var store = NewStore();
        var error = Assert.Throws<StoreException>(store.Open);
        Assert.Contains("not a usable SQLite database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DatabaseLockedLongerThanBusyTimeout_RefusesNamingTheSetting()
    {
        using (var store = NewStore())
            store.Open();
        using var holder = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        holder.Open();
        using var exclusive = holder.BeginTransaction(deferred: false);
        Scalar(holder, "INSERT INTO schema_migrations VALUES (999, 'held', 'now')");

        using var blocked = NewStore(TimeSpan.FromMilliseconds(200));
        var error = Assert.Throws<StoreException>(blocked.Open);
        Assert.Contains("Store:BusyTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_LockReleasedWithinBusyTimeout_Opens()
    {
        using (var store = NewStore())
            store.Open();
        SqliteConnection.ClearAllPools();
        var holder = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        holder.Open();
        var held = holder.BeginTransaction(deferred: false);
        Scalar(holder, "UPDATE store_identity SET created_at = created_at");

        using var waiting = NewStore(TimeSpan.FromSeconds(30));
        var open = Task.Run(waiting.Open, TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(open.IsCompleted);
        held.Dispose();
        holder.Dispose();

        await open.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        Assert.True(waiting.IsOpen);
    }

    [Fact]
    public void Migrate_FailingStep_LeavesTheStoreAsItWas()
    {
        using var connection = new SqliteConnection($"Data Source={_dir.Combine("m.db")};Pooling=false");
        connection.Open();
        var good = new Migration(1, "store_identity", MigrationCatalog.All[0].Sql);
        var extra = new Migration(2, "extra", "CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT;");
        var broken = new Migration(3, "broken", "CREATE TABLE oops (;");

        Assert.ThrowsAny<SqliteException>(() => SqliteMigrator.Migrate(connection, "m.db", TimeProvider.System, [good, extra, broken]));

        Assert.Equal(0L, Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('schema_migrations', 'store_identity', 'extra')"));
    }

    [Fact]
    public void Migrate_PendingSteps_AppliesEachOnceInOrder()
    {
        using var connection = new SqliteConnection($"Data Source={_dir.Combine("m.db")};Pooling=false");
        connection.Open();
        var one = new Migration(1, "store_identity", MigrationCatalog.All[0].Sql);
        var two = new Migration(2, "extra", "CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT;");

        var first = SqliteMigrator.Migrate(connection, "m.db", TimeProvider.System, [one]);
        var second = SqliteMigrator.Migrate(connection, "m.db", TimeProvider.System, [one, two]);

        Assert.Equal((0, 1), (first.FromVersion, first.ToVersion));
        Assert.Equal((1, 2), (second.FromVersion, second.ToVersion));
        Assert.Equal(first.StoreId, second.StoreId);
        Assert.Equal("1 store_identity,2 extra", Scalar(connection, "SELECT group_concat(version || ' ' || name, ',') FROM (SELECT * FROM schema_migrations ORDER BY version)"));
    }

    [Fact]
    public void Catalog_Embedded_IsNumberedWithoutGaps()
    {
        Assert.Equal(Enumerable.Range(1, MigrationCatalog.All.Count), MigrationCatalog.All.Select(m => m.Version));
        Assert.All(MigrationCatalog.All, m => Assert.False(string.IsNullOrWhiteSpace(m.Sql)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
