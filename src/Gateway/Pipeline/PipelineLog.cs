using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>Pipeline log events; ids 1400-1499.</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(1400, LogLevel.Debug, "Committed a batch of {Count} documents")]
    public static partial void Committed(ILogger logger, int count);

    [LoggerMessage(1401, LogLevel.Error, "A batch of {Count} documents could not be committed; their calls fail with UNAVAILABLE")]
    public static partial void CommitFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(1402, LogLevel.Error, "The signature of a document from {Sender} could not be verified because of a fault in the gateway; the call fails with INTERNAL")]
    public static partial void VerifyFailed(ILogger logger, string sender, Exception exception);

    [LoggerMessage(1403, LogLevel.Error, "A batch of {Count} settlements could not be committed; their callers were told UNAVAILABLE and nothing changed")]
    public static partial void SettleFailed(ILogger logger, int count, Exception exception);
}
