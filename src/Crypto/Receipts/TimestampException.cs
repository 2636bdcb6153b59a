namespace Gateway.Crypto.Receipts;

/// <summary>A timestamp could not be obtained: the authority was unreachable, refused, or answered something unusable.</summary>
public sealed class TimestampException(string message, Exception? inner = null) : Exception(message, inner);
