using Gateway.Configuration;
using Gateway.Store.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Cli;

/// <summary>
/// Opens the store of a data directory for a local admin command. It does not take the daemon's lock:
/// SQLite's own locking makes it safe to write beside a running daemon, which sees the change at once.
/// </summary>
internal static class LocalStore
{
    public static SqliteStore Open(string dataDirectory)
    {
        var store = new SqliteStore(
            new StoreOptions
            {
                DataDirectory = Path.GetFullPath(dataDirectory),
                BusyTimeout = TimeSpan.FromSeconds(10),
                MaintenanceInterval = TimeSpan.FromHours(1),
            },
            TimeProvider.System,
            NullLogger<SqliteStore>.Instance);
        store.Open();
        return store;
    }
}
