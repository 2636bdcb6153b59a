using System.Globalization;
using Gateway.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Gateway.Store.Sqlite;

/// <summary>
/// The embedded store: one SQLite database, gateway.db, in the data directory. Every connection runs
/// in WAL mode with synchronous=FULL, so a committed transaction has been fsynced: acknowledged means
/// durable. Safe to open from several processes at once (the daemon and the admin CLI).
/// </summary>
internal sealed class SqliteStore(StoreOptions options, TimeProvider time, ILogger<SqliteStore> logger) : IDisposable
{
    public const string DatabaseFileName = "gateway.db";

    private string? _connectionString;

    public string DatabasePath { get; } = Path.Combine(options.DataDirectory, DatabaseFileName);

    /// <summary>Identity of this store, fixed when it was created.</summary>
    public Guid StoreId { get; private set; }

    /// <summary>Schema version after opening.</summary>
    public int SchemaVersion { get; private set; }

    public bool IsOpen => _connectionString is not null;

    /// <summary>
    /// The daemon's hot writers (persist, lease, settle, release, status) hold this around their
    /// IMMEDIATE transactions. SQLite has one write lock per database; a writer that finds it taken
    /// gets SQLITE_BUSY and sleeps in SQLite's busy handler (1, 2, 5, 10 … 100 ms steps) however soon
    /// the lock frees, and under load those loops kept meeting each other that way. Queued here, the
    /// next writer starts the moment the previous one commits. Other processes (the admin CLI) still
    /// meet the daemon at SQLite's lock, with Store:BusyTimeout.
    /// </summary>
    public Lock Writers { get; } = new();

    /// <summary>
    /// Creates the directory and database when missing, checks the journal mode, and applies pending
    /// migrations. Throws <see cref="StoreException"/> with an actionable message when it cannot.
    /// </summary>
    public void Open()
    {
        if (IsOpen)
            throw new InvalidOperationException("the store is already open");

        try
        {
            Directory.CreateDirectory(options.DataDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"cannot create data directory '{options.DataDirectory}': {ex.Message}", ex);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();

        try
        {
            using var connection = Connect(connectionString);
            var mode = (string?)ExecuteScalar(connection, "PRAGMA journal_mode = WAL");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new StoreException($"store '{DatabasePath}' could not switch to WAL journaling (it reports '{mode}'); is the file system a network share?");

            var outcome = SqliteMigrator.Migrate(connection, DatabasePath, time);
            StoreId = outcome.StoreId;
            SchemaVersion = outcome.ToVersion;
            StoreLog.Opened(logger, DatabasePath, outcome.ToVersion, outcome.FromVersion, StoreId);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 /* SQLITE_NOTADB */ or 11 /* SQLITE_CORRUPT */)
        {
            throw new StoreException($"'{DatabasePath}' is not a usable SQLite database ({ex.Message}); restore it from a backup or move it aside", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 /* SQLITE_BUSY */ or 6 /* SQLITE_LOCKED */)
        {
            throw new StoreException($"store '{DatabasePath}' stayed locked by another process for longer than Store:BusyTimeout ({options.BusyTimeout.TotalSeconds:0.#}s)", ex);
        }
        catch (SqliteException ex)
        {
            throw new StoreException($"cannot open store '{DatabasePath}': {ex.Message}", ex);
        }

        _connectionString = connectionString;
    }

    /// <summary>A new pooled connection with the durability settings applied.</summary>
    public SqliteConnection OpenConnection() =>
        Connect(_connectionString ?? throw new InvalidOperationException("the store is not open"));

    /// <summary>
    /// A connection whose commits do not wait for the disk (synchronous=NORMAL in WAL mode): they
    /// survive a crash of the process, and the next durable commit of any connection makes them
    /// durable too, but a power failure before that may lose them. Only for changes whose loss is
    /// harmless — a delivery lease, which at worst is offered again under the same delivery id.
    /// Never for anything a caller is told is stored.
    /// </summary>
    public SqliteConnection OpenLazyConnection()
    {
        var connection = OpenConnection();
        // Pooled connections get FULL back on their next OpenConnection (Connect sets it every time).
        ExecuteScalar(connection, "PRAGMA synchronous = NORMAL");
        return connection;
    }

    private SqliteConnection Connect(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // Per-connection settings: FULL makes every commit durable in WAL mode.
        var busyMs = ((long)options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        ExecuteScalar(connection, $"PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {busyMs};");
        return connection;
    }

    private static object? ExecuteScalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>
    /// Folds the WAL back into the database file so the directory holds one self-contained file, then
    /// releases pooled connections. Committed data is already durable; this only tidies.
    /// </summary>
    public void Dispose()
    {
        if (_connectionString is null)
            return;
        try
        {
            using var connection = Connect(_connectionString);
            ExecuteScalar(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            StoreLog.Closed(logger, DatabasePath);
        }
        catch (SqliteException ex)
        {
            StoreLog.CheckpointFailed(logger, DatabasePath, ex);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            _connectionString = null;
        }
    }
}
