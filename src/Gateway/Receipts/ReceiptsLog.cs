using Microsoft.Extensions.Logging;

namespace Gateway.Receipts;

/// <summary>Receipt events, ids 1600-1699.</summary>
internal static partial class ReceiptsLog
{
    [LoggerMessage(1600, LogLevel.Information, "Receipts are signed with \"{Subject}\" (SHA-256 {Thumbprint}) from {Source}; verify them with gateway verify-receipt RECEIPT --cert {Certificate}")]
    public static partial void SigningWith(ILogger logger, string subject, string thumbprint, string source, string certificate);

    [LoggerMessage(1601, LogLevel.Warning, "Made a new receipt signing key at {Key}: keep it with the data directory, receipts already given out are verified with its certificate")]
    public static partial void KeyCreated(ILogger logger, string key);

    [LoggerMessage(1602, LogLevel.Warning, "Receipt batch {Batch} could not be timestamped by {Url}: {Reason}; retried later")]
    public static partial void TimestampFailed(ILogger logger, long batch, string url, string reason);
}
