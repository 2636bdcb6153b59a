using Microsoft.Extensions.Logging;

namespace Gateway.Store.Sqlite;

/// <summary>Store log events; ids 1100-1199.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(1100, LogLevel.Information, "Store {Path} open at schema version {Version} (was {FromVersion}), store id {StoreId}")]
    public static partial void Opened(ILogger logger, string path, int version, int fromVersion, Guid storeId);

    [LoggerMessage(1101, LogLevel.Information, "Store {Path} checkpointed and closed")]
    public static partial void Closed(ILogger logger, string path);

    [LoggerMessage(1102, LogLevel.Warning, "Store {Path}: the closing WAL checkpoint failed; committed data is safe and the WAL is replayed at next start")]
    public static partial void CheckpointFailed(ILogger logger, string path, Exception exception);
}
