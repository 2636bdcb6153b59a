namespace Gateway.Crypto.Pki;

/// <summary>Key types the gateway issues and accepts for signing (see docs/security.md, algorithm policy).</summary>
public enum KeyKind
{
    /// <summary>ECDSA on NIST P-256, signatures with SHA-256. The default: small and fast to verify.</summary>
    EcdsaP256,

    /// <summary>ECDSA on NIST P-384, signatures with SHA-384.</summary>
    EcdsaP384,

    /// <summary>RSA 2048 bits (PKCS#1 v1.5), signatures with SHA-256.</summary>
    Rsa2048,

    /// <summary>RSA 3072 bits (PKCS#1 v1.5), signatures with SHA-256.</summary>
    Rsa3072,
}
