using Microsoft.Extensions.Logging;

namespace Gateway.Signatures;

/// <summary>Signature events, ids 1500-1599.</summary>
internal static partial class SignaturesLog
{
    [LoggerMessage(1500, LogLevel.Warning, "Signatures:Required is false: unsigned documents are accepted and recorded as unverified")]
    public static partial void NotRequired(ILogger logger);

    [LoggerMessage(1501, LogLevel.Warning, "No trust anchors in {Directory}: every signed document will be refused as untrusted (gateway pki init writes a root there, or set Signatures:TrustAnchors)")]
    public static partial void NoAnchors(ILogger logger, string directory);

    [LoggerMessage(1502, LogLevel.Information, "Trusting {Roots} root and {Intermediates} intermediate certificates from {Directory}; revocation {Revocation}")]
    public static partial void AnchorsLoaded(ILogger logger, int roots, int intermediates, string directory, string revocation);

    [LoggerMessage(1503, LogLevel.Warning, "Signature of {Sender} accepted under soft-fail: {Warning}")]
    public static partial void SoftFailAccepted(ILogger logger, string sender, string warning);

    [LoggerMessage(1504, LogLevel.Information, "Signature from {Sender} refused ({Failure}): {Reason}")]
    public static partial void Refused(ILogger logger, string sender, string failure, string reason);
}
