namespace Gateway.Crypto.Signatures;

/// <summary>A refused signature: what kind of fault, and a reason a person can act on.</summary>
public sealed class SignatureException(SignatureFailure failure, string reason) : Exception(reason)
{
    public SignatureFailure Failure { get; } = failure;
}
