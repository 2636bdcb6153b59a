namespace Gateway.Crypto.Envelopes;

/// <summary>
/// A payload that could not be encrypted or decrypted, with the <see cref="EnvelopeFailure"/> kind and
/// a message that names the certificate or the part at fault.
/// </summary>
public sealed class EnvelopeException(EnvelopeFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public EnvelopeFailure Failure { get; } = failure;
}
