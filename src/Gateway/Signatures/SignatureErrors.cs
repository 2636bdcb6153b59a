using Gateway.Crypto.Signatures;
using Grpc.Core;

namespace Gateway.Signatures;

/// <summary>
/// The gRPC status for each kind of refused signature. The signature's own faults are
/// INVALID_ARGUMENT (the caller sent bad bytes); trust faults FAILED_PRECONDITION (the certificate
/// must change first); a certificate not bound to the sender PERMISSION_DENIED; an unanswered
/// revocation check under hard-fail UNAVAILABLE (retrying later can succeed). The trailer
/// <c>signature-failure</c> names the kind for programs, e.g. <c>revoked</c>.
/// </summary>
internal static class SignatureErrors
{
    public const string TrailerKey = "signature-failure";

    public static RpcException ToRpc(SignatureException refusal)
    {
        var code = refusal.Failure switch
        {
            SignatureFailure.Missing or SignatureFailure.Malformed or SignatureFailure.SignerCertificateMissing
                or SignatureFailure.Tampered or SignatureFailure.WeakAlgorithm => StatusCode.InvalidArgument,
            SignatureFailure.WrongOrganization => StatusCode.PermissionDenied,
            SignatureFailure.RevocationUnknown => StatusCode.Unavailable,
            _ => StatusCode.FailedPrecondition,
        };
        var trailers = new Metadata { { TrailerKey, Name(refusal.Failure) } };
        return new RpcException(new Status(code, $"header.signature: {refusal.Message}"), trailers);
    }

    /// <summary>kebab-case of the kind: <c>RevocationUnknown</c> → <c>revocation-unknown</c>.</summary>
    public static string Name(SignatureFailure failure)
    {
        var text = failure.ToString();
        var builder = new System.Text.StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (char.IsUpper(c) && builder.Length > 0)
                builder.Append('-');
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
