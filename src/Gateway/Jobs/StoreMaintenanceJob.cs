using System.Diagnostics;
using Gateway.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Gateway.Jobs;

/// <summary>
/// Keeps the embedded store's query planner statistics current. SQLite asks applications with
/// long-lived connections to run `PRAGMA optimize` periodically (hourly or daily): it analyzes only
/// the tables whose shape changed enough to matter, so it is cheap when nothing did.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class StoreMaintenanceJob(SqliteStore store, ILogger<StoreMaintenanceJob> logger) : IJob
{
    public static readonly JobKey Key = new("store-maintenance", "gateway");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        RunOnce();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs one maintenance pass; true when it ran, false when skipped or failed (logged).</summary>
    public bool RunOnce()
    {
        if (!store.IsOpen)
            return false;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var connection = store.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA optimize";
            command.ExecuteNonQuery();
            JobsLog.StoreOptimized(logger, stopwatch.Elapsed.TotalMilliseconds);
            return true;
        }
        catch (SqliteException ex)
        {
            // Maintenance is best effort: the next run tries again and nothing depends on this one.
            JobsLog.StoreMaintenanceFailed(logger, ex);
            return false;
        }
    }
}
