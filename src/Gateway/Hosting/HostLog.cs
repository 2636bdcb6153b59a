using Microsoft.Extensions.Logging;

namespace Gateway.Hosting;

/// <summary>Daemon lifecycle log events; ids 1000-1099.</summary>
internal static partial class HostLog
{
    [LoggerMessage(1000, LogLevel.Information, "Listening for gRPC on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(1001, LogLevel.Information, "Serving: health is SERVING")]
    public static partial void Serving(ILogger logger);

    [LoggerMessage(1002, LogLevel.Information, "Draining: health is NOT_SERVING; in-flight calls have {GraceSeconds}s to finish")]
    public static partial void Draining(ILogger logger, double graceSeconds);

    [LoggerMessage(1003, LogLevel.Information, "Stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(1005, LogLevel.Warning, "Removed {Count} payload files that no document names (left by an interrupted send)")]
    public static partial void OrphansRemoved(ILogger logger, int count);

    [LoggerMessage(1004, LogLevel.Information, "Gateway {Version} starting, data directory {DataDirectory}")]
    public static partial void Starting(ILogger logger, string version, string dataDirectory);
}
