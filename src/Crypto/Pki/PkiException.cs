namespace Gateway.Crypto.Pki;

/// <summary>A refused development-PKI operation, with a message that names the value at fault.</summary>
public sealed class PkiException(PkiFailure failure, string message) : Exception(message)
{
    public PkiFailure Failure { get; } = failure;
}
