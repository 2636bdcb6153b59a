using Microsoft.Extensions.Logging;

namespace Gateway.Systems;

/// <summary>Connected-system authentication log events; ids 1300-1399.</summary>
internal static partial class SystemsLog
{
    [LoggerMessage(1300, LogLevel.Debug, "Call {Method} from {Peer} authenticated as system {System}")]
    public static partial void Authenticated(ILogger logger, string method, string peer, string system);

    [LoggerMessage(1301, LogLevel.Information, "Call {Method} from {Peer} refused UNAUTHENTICATED: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string peer, string reason);

    [LoggerMessage(1302, LogLevel.Warning, "Call {Method} from {Peer}: the token could not be checked, the store is unavailable")]
    public static partial void StoreUnavailable(ILogger logger, string method, string peer, Exception exception);
}
