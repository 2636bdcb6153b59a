using Gateway.Configuration;
using Gateway.Store.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Benchmarks.Support;

/// <summary>
/// A real gateway store (<see cref="SqliteStore"/>: WAL, synchronous=FULL, every migration applied) in a
/// fresh directory under <see cref="Path.GetTempPath"/> (TMPDIR when set, else /tmp), deleted on dispose.
/// Commit costs are the fsync costs of the disk that directory is on.
/// </summary>
internal sealed class TempStore : IDisposable
{
    public TempStore(string purpose)
    {
        Directory = Path.Combine(Path.GetTempPath(), $"axis-bench-{purpose}-{Guid.NewGuid():N}");
        Store = new SqliteStore(new StoreOptions
        {
            DataDirectory = Directory,
            BusyTimeout = TimeSpan.FromSeconds(5),
            MaintenanceInterval = TimeSpan.FromHours(1),
        }, TimeProvider.System, NullLogger<SqliteStore>.Instance);
        Store.Open();
    }

    public string Directory { get; }

    public SqliteStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
