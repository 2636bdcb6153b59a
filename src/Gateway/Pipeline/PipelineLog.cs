using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>Pipeline log events; ids 1400-1499.</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(1400, LogLevel.Debug, "Committed a batch of {Count} documents")]
    public static partial void Committed(ILogger logger, int count);

    [LoggerMessage(1401, LogLevel.Error, "A batch of {Count} documents could not be committed; their calls fail with UNAVAILABLE")]
    public static partial void CommitFailed(ILogger logger, int count, Exception exception);
}
