namespace Gateway.Crypto.Signatures;

/// <summary>
/// Why a sender's signature was refused. Each kind maps to one gRPC status (see docs/security.md):
/// the signature's own faults are INVALID_ARGUMENT, trust faults FAILED_PRECONDITION, a missing
/// binding PERMISSION_DENIED, an unreachable revocation source in hard-fail mode UNAVAILABLE.
/// </summary>
public enum SignatureFailure
{
    /// <summary>No signature, and signatures are required.</summary>
    Missing,

    /// <summary>The bytes are not a DER CMS SignedData, or not one the gateway can use (no signer, several signers, content attached that differs).</summary>
    Malformed,

    /// <summary>The signer's certificate is not in the CMS (the gateway does not look certificates up elsewhere).</summary>
    SignerCertificateMissing,

    /// <summary>The message digest does not match the header bytes, or the signature does not verify: the header was altered after signing.</summary>
    Tampered,

    /// <summary>A key, curve or digest algorithm the policy refuses (RSA under 2048 bits, SHA-1, MD5, curves other than P-256/P-384).</summary>
    WeakAlgorithm,

    /// <summary>The signer's certificate does not chain to a configured trust anchor.</summary>
    UntrustedChain,

    /// <summary>A certificate of the chain had expired at acceptance time.</summary>
    Expired,

    /// <summary>A certificate of the chain was not yet valid at acceptance time.</summary>
    NotYetValid,

    /// <summary>The signer's key usage allows neither digitalSignature nor nonRepudiation.</summary>
    KeyUsage,

    /// <summary>A certificate of the chain is revoked.</summary>
    Revoked,

    /// <summary>Revocation status could not be learnt (CRL or OCSP unreachable or invalid) in hard-fail mode.</summary>
    RevocationUnknown,

    /// <summary>The certificate is not bound to the organisation the header names as sender.</summary>
    WrongOrganization,
}
