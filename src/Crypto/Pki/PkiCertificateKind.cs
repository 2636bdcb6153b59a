namespace Gateway.Crypto.Pki;

/// <summary>What a certificate of the development PKI is for; written in index.json in lower case.</summary>
public enum PkiCertificateKind
{
    /// <summary>The self-signed root CA; the trust anchor.</summary>
    Root,

    /// <summary>Document signing for one organisation code (digitalSignature, nonRepudiation).</summary>
    Org,

    /// <summary>Payload encryption to one organisation code (keyAgreement for EC, keyEncipherment for RSA).</summary>
    OrgEncryption,

    /// <summary>The gateway's TLS server and receipt-signing certificate (serverAuth).</summary>
    Gateway,

    /// <summary>A connected system's TLS client certificate for its org codes (clientAuth).</summary>
    System,
}
