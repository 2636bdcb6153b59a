namespace Gateway.Crypto.Trust;

/// <summary>What to do when the revocation status of a certificate cannot be learnt.</summary>
public enum RevocationPolicy
{
    /// <summary>Refuse the signature (UNAVAILABLE: the sender may retry once the CRL or OCSP responder answers).</summary>
    HardFail,

    /// <summary>Accept the signature and log a warning; a certificate known to be revoked is still refused.</summary>
    SoftFail,
}
