using Microsoft.Extensions.Logging;

namespace Gateway.Systems;

/// <summary>Connected-system authentication log events; ids 1300-1399.</summary>
internal static partial class SystemsLog
{
    [LoggerMessage(1300, LogLevel.Debug, "Call {Method} from {Peer} authenticated as system {System}")]
    public static partial void Authenticated(ILogger logger, string method, string peer, string system);

    [LoggerMessage(1301, LogLevel.Information, "Call {Method} from {Peer} refused UNAUTHENTICATED: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string peer, string reason);

    [LoggerMessage(1302, LogLevel.Warning, "Call {Method} from {Peer}: the caller could not be authenticated, the store is unavailable")]
    public static partial void StoreUnavailable(ILogger logger, string method, string peer, Exception exception);

    [LoggerMessage(1303, LogLevel.Debug, "Call {Method} from {Peer} authenticated as system {System}, client certificate SHA-256 {Thumbprint}")]
    public static partial void AuthenticatedWithCertificate(ILogger logger, string method, string peer, string system, string thumbprint);

    [LoggerMessage(1304, LogLevel.Warning, "Client certificate SHA-256 {Thumbprint} accepted under soft-fail: {Warning}")]
    public static partial void CertificateSoftFail(ILogger logger, string thumbprint, string warning);

    [LoggerMessage(1305, LogLevel.Information, "The TLS listener asks clients for certificates; trusting {Roots} root and {Intermediates} intermediate certificates from {Directory} for them")]
    public static partial void ClientCertificatesOn(ILogger logger, int roots, int intermediates, string directory);

    [LoggerMessage(1306, LogLevel.Warning, "The TLS listener asks clients for certificates, but {Directory} holds no root certificate: every client certificate will be refused as untrusted")]
    public static partial void ClientCertificatesUntrusted(ILogger logger, string directory);
}
