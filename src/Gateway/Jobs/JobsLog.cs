using Microsoft.Extensions.Logging;

namespace Gateway.Jobs;

/// <summary>Scheduled job log events; ids 1200-1299.</summary>
internal static partial class JobsLog
{
    [LoggerMessage(1200, LogLevel.Debug, "Store maintenance: PRAGMA optimize took {ElapsedMs:0.0} ms")]
    public static partial void StoreOptimized(ILogger logger, double elapsedMs);

    [LoggerMessage(1201, LogLevel.Warning, "Store maintenance failed; it runs again at the next interval")]
    public static partial void StoreMaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(1202, LogLevel.Debug, "Audit checkpoint written at event {EventSeq}")]
    public static partial void CheckpointWritten(ILogger logger, long eventSeq);
}
