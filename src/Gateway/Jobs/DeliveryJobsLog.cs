using Microsoft.Extensions.Logging;

namespace Gateway.Jobs;

/// <summary>Log events of the delivery jobs (expiry, succession follow, retention); ids 1210-1239, inside the jobs' 1200-1299.</summary>
internal static partial class DeliveryJobsLog
{
    [LoggerMessage(1210, LogLevel.Information, "Expiry: dead-lettered {Count} deliveries whose document expired")]
    public static partial void Expired(ILogger logger, int count);

    [LoggerMessage(1211, LogLevel.Warning, "Expiry failed; it runs again at the next interval")]
    public static partial void ExpiryFailed(ILogger logger, Exception exception);

    [LoggerMessage(1220, LogLevel.Information, "Succession: {Moved} queued deliveries for {Code} moved to its successor {Successor}; {DeadLettered} dead-lettered because the successor already had the document")]
    public static partial void Followed(ILogger logger, string code, string successor, int moved, int deadLettered);

    [LoggerMessage(1221, LogLevel.Warning, "Succession: {Code} is split among {Successors}; its {Count} waiting deliveries cannot follow and stay queued for it (a split is refused at send; record a single successor to move them)")]
    public static partial void SplitLeftQueued(ILogger logger, string code, string successors, long count);

    [LoggerMessage(1222, LogLevel.Warning, "Succession follow failed; it runs again at the next interval")]
    public static partial void FollowFailed(ILogger logger, Exception exception);

    [LoggerMessage(1230, LogLevel.Information, "Retention: removed {Count} acknowledged status notices settled before {Cutoff:O}")]
    public static partial void Retained(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(1231, LogLevel.Warning, "Retention purge failed; it runs again at the next interval")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);
}
