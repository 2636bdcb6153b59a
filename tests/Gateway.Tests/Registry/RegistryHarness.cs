using Gateway.Configuration;
using Gateway.Registry;
using Gateway.Store.Sqlite;
using Gateway.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Registry;

/// <summary>A real store in a temporary directory and a registry over it on a manual clock.</summary>
internal sealed class RegistryHarness : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<IDisposable> _owned = [];

    public RegistryHarness()
    {
        Store = OpenStore();
        Registry = NewRegistry(Clock);
    }

    public ManualTimeProvider Clock { get; } = new();

    public SqliteStore Store { get; }

    public OrgRegistry Registry { get; }

    public string DataDirectory => _dir.Combine("data");

    /// <summary>A second store object on the same database, as another process (the admin CLI) has.</summary>
    public SqliteStore OpenStore()
    {
        var store = new SqliteStore(
            new StoreOptions { DataDirectory = DataDirectory, BusyTimeout = TimeSpan.FromSeconds(5), MaintenanceInterval = TimeSpan.FromHours(1) },
            TimeProvider.System,
            NullLogger<SqliteStore>.Instance);
        store.Open();
        _owned.Add(store);
        return store;
    }

    public OrgRegistry NewRegistry(TimeProvider clock, SqliteStore? store = null)
    {
        var registry = new OrgRegistry(store ?? Store, clock);
        _owned.Insert(0, registry);
        return registry;
    }

    public static Organization Organisation(string code, string? parent = null, bool enabled = true, params string[] aliases) =>
        new(code, $"Tổ chức {code}", parent, enabled, aliases);

    public void Execute(string sql)
    {
        using var connection = Store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public long Count(string table)
    {
        using var connection = Store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
            owned.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
