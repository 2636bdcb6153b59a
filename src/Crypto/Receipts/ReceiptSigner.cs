using System.Security.Cryptography.X509Certificates;
using Gateway.Protocol.V1;
using Google.Protobuf;

namespace Gateway.Crypto.Receipts;

/// <summary>
/// Signs batches of receipts with the gateway's key: one CMS signature per batch over the Merkle root of
/// the receipts' leaves, and in each receipt its leaf bytes and the proof that links it to that root.
/// Safe for concurrent use: every call builds its own signer state.
/// </summary>
public sealed class ReceiptSigner
{
    private readonly TimeProvider _time;

    /// <param name="certificate">The gateway's certificate with its ECDSA or RSA private key.</param>
    /// <param name="time">The clock for <see cref="SignDetached(ReadOnlySpan{byte})"/>; the system clock by default.</param>
    public ReceiptSigner(X509Certificate2 certificate, TimeProvider? time = null)
    {
        if (!certificate.HasPrivateKey)
            throw new ArgumentException($"the certificate '{certificate.Subject}' has no private key to sign with", nameof(certificate));
        using (var ec = certificate.GetECDsaPublicKey())
        using (var rsa = ec is null ? certificate.GetRSAPublicKey() : null)
        {
            if (ec is null && rsa is null)
                throw new ArgumentException($"the certificate '{certificate.Subject}' has neither an ECDSA nor an RSA key", nameof(certificate));
        }

        Certificate = certificate;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The certificate receipts are signed with; verifiers pin it.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// Signs <paramref name="batch"/> as one Merkle tree, in list order. Each receipt gets
    /// <c>leaf</c> and <c>proof</c> (leaf_index, leaf_count, audit_path, root, root_signature; any earlier
    /// proof, timestamp included, is replaced). accepted_at and effective_at are cut to whole
    /// milliseconds first, the precision the gateway stores, so that every field shown is signed.
    /// Throws <see cref="ArgumentException"/> for an empty batch or a receipt that has no leaf form.
    /// </summary>
    public SignedBatch Sign(IReadOnlyList<Receipt> batch, DateTimeOffset signingTime)
    {
        if (batch.Count == 0)
            throw new ArgumentException("a batch needs at least one receipt", nameof(batch));

        var leaves = new byte[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
        {
            var receipt = batch[i];
            if (receipt.AcceptedAt is { } acceptedAt)
                receipt.AcceptedAt = ReceiptTime.TruncateToMilliseconds(acceptedAt);
            foreach (var redirection in receipt.Redirections)
            {
                if (redirection.EffectiveAt is { } effectiveAt)
                    redirection.EffectiveAt = ReceiptTime.TruncateToMilliseconds(effectiveAt);
            }

            try
            {
                leaves[i] = ReceiptLeaf.Encode(receipt);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"receipt {i} of the batch ({receipt.DocumentId}): {ex.Message}", nameof(batch), ex);
            }
        }

        var tree = MerkleTree.Build(leaves);
        var root = tree.Root.ToArray();
        var signature = GatewayCms.SignDetached(Certificate, root, signingTime);

        // ByteString is immutable, so all receipts share one copy of the root and of the signature.
        var rootBytes = ByteString.CopyFrom(root);
        var signatureBytes = ByteString.CopyFrom(signature);
        Span<byte> path = stackalloc byte[MerkleTree.MaxAuditPathLength * MerkleHash.Size];
        for (var i = 0; i < batch.Count; i++)
        {
            var proof = new ReceiptProof
            {
                LeafIndex = (uint)i,
                LeafCount = (uint)batch.Count,
                Root = rootBytes,
                RootSignature = signatureBytes,
            };
            var count = tree.CopyAuditPath(i, path);
            for (var step = 0; step < count; step++)
                proof.AuditPath.Add(ByteString.CopyFrom(path.Slice(step * MerkleHash.Size, MerkleHash.Size)));
            // Nothing writes to leaves[i] again, so wrapping it instead of copying is safe.
            batch[i].Leaf = UnsafeByteOperations.UnsafeWrap(leaves[i]);
            batch[i].Proof = proof;
        }

        return new SignedBatch(root, signature, batch.Count);
    }

    /// <summary>
    /// A detached CMS signature over <paramref name="content"/> with the same key and profile as batch
    /// roots (audit checkpoints use it), signing time from the clock.
    /// </summary>
    public byte[] SignDetached(ReadOnlySpan<byte> content) => SignDetached(content, _time.GetUtcNow());

    /// <summary>As <see cref="SignDetached(ReadOnlySpan{byte})"/> with a given signing time.</summary>
    public byte[] SignDetached(ReadOnlySpan<byte> content, DateTimeOffset signingTime) =>
        GatewayCms.SignDetached(Certificate, content, signingTime);
}
