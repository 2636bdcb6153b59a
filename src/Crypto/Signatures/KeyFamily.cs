namespace Gateway.Crypto.Signatures;

/// <summary>The two kinds of signing key the policy accepts.</summary>
internal enum KeyFamily
{
    Ecdsa,
    Rsa,
}
