namespace Gateway.Crypto.Receipts;

/// <summary>What signing one batch produced; every receipt of the batch carries the same root and signature.</summary>
/// <param name="Root">The Merkle root, 32 bytes.</param>
/// <param name="RootSignature">Detached CMS SignedData (DER) over <paramref name="Root"/>; what a timestamp is requested over.</param>
/// <param name="LeafCount">Number of receipts in the batch.</param>
public sealed record SignedBatch(byte[] Root, byte[] RootSignature, int LeafCount);
