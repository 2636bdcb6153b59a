namespace Gateway.Crypto.Receipts;

/// <summary>The checks of <see cref="ReceiptVerifier"/>, in the order they run; a failure names the first that failed.</summary>
public enum ReceiptCheck
{
    /// <summary>The receipt carries a leaf and a proof with well-formed fields.</summary>
    Structure,

    /// <summary>The leaf bytes say exactly what the receipt's fields say.</summary>
    Leaf,

    /// <summary>The leaf and the audit path lead to the root.</summary>
    Inclusion,

    /// <summary>root_signature is a valid CMS over the root by the trusted gateway certificate.</summary>
    Signature,

    /// <summary>timestamp_token, when present, is a valid RFC 3161 token over root_signature.</summary>
    Timestamp,
}
