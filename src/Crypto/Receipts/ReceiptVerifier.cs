using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Signatures;
using Gateway.Protocol.V1;

namespace Gateway.Crypto.Receipts;

/// <summary>
/// Verifies a receipt offline, with nothing but the receipt and the gateway's certificate: the leaf says
/// what the receipt's fields say, the leaf and audit path lead to the root, the root is signed by exactly
/// that certificate, and a timestamp, when present, stamps that signature. See docs/receipts.md.
/// </summary>
public sealed class ReceiptVerifier
{
    private readonly X509Certificate2 _gateway;
    private readonly X509Certificate2Collection? _timestampAuthorities;

    /// <param name="gatewayCertificate">The gateway certificate the verifier trusts (pinned).</param>
    /// <param name="timestampAuthorities">
    /// Trusted timestamp authority certificates (roots, or the authority's own certificate). When null or
    /// empty a timestamp is checked for integrity only, and its authority is reported for a person to judge.
    /// </param>
    public ReceiptVerifier(X509Certificate2 gatewayCertificate, X509Certificate2Collection? timestampAuthorities = null)
    {
        _gateway = gatewayCertificate;
        _timestampAuthorities = timestampAuthorities;
    }

    public ReceiptVerification Verify(Receipt receipt)
    {
        var proof = receipt.Proof;
        if (proof is null)
            return Fail(ReceiptCheck.Structure, SignatureFailure.Missing, "the receipt carries no proof (it was not signed)");
        if (receipt.Leaf.IsEmpty)
            return Fail(ReceiptCheck.Structure, SignatureFailure.Missing, "the receipt carries no leaf bytes");
        if (StructureProblem(proof) is { } malformed)
            return Fail(ReceiptCheck.Structure, SignatureFailure.Malformed, malformed);

        if (ReceiptLeaf.FindMismatch(receipt, receipt.Leaf.Span) is { } mismatch)
            return Fail(ReceiptCheck.Leaf, SignatureFailure.Tampered, mismatch);

        Span<byte> leafHash = stackalloc byte[MerkleHash.Size];
        MerkleHash.Leaf(receipt.Leaf.Span, leafHash);
        var path = new byte[proof.AuditPath.Count * MerkleHash.Size];
        for (var i = 0; i < proof.AuditPath.Count; i++)
            proof.AuditPath[i].Span.CopyTo(path.AsSpan(i * MerkleHash.Size));
        if (!MerkleProof.VerifyInclusion(leafHash, proof.LeafIndex, proof.LeafCount, path, proof.Root.Span, out var notIncluded))
            return Fail(ReceiptCheck.Inclusion, SignatureFailure.Tampered, notIncluded!);

        var signature = GatewaySignatureCheck.Verify(proof.Root.Span, proof.RootSignature.Span, _gateway, "root_signature");
        if (!signature.IsValid)
            return Fail(ReceiptCheck.Signature, signature.Failure ?? SignatureFailure.Tampered, signature.Problem!);

        DateTimeOffset? timestampedAt = null;
        string? authority = null;
        if (!proof.TimestampToken.IsEmpty)
        {
            var stamp = TimestampTokenCheck.Check(proof.TimestampToken.Memory, proof.RootSignature.Span, _timestampAuthorities);
            if (stamp.Problem is { } unstamped)
                return Fail(ReceiptCheck.Timestamp, SignatureFailure.Tampered, $"timestamp_token: {unstamped}");
            timestampedAt = stamp.Token!.TokenInfo.Timestamp;
            authority = stamp.Authority!.Subject;
        }

        ReceiptTime.TryToUnixMilliseconds(receipt.AcceptedAt, out var acceptedAt);
        return new ReceiptVerification
        {
            DocumentId = receipt.DocumentId,
            Sequence = receipt.Sequence,
            AcceptedAt = DateTimeOffset.FromUnixTimeMilliseconds(acceptedAt),
            LeafIndex = proof.LeafIndex,
            LeafCount = proof.LeafCount,
            SignedAt = signature.SignedAt,
            Signer = _gateway.Subject,
            TimestampedAt = timestampedAt,
            TimestampAuthority = authority,
        };
    }

    private static string? StructureProblem(ReceiptProof proof)
    {
        if (proof.LeafCount == 0)
            return "proof.leaf_count is 0";
        if (proof.Root.Length != MerkleHash.Size)
            return $"proof.root is {proof.Root.Length} bytes, not {MerkleHash.Size}";
        if (proof.AuditPath.Count > MerkleTree.MaxAuditPathLength)
            return $"proof.audit_path has {proof.AuditPath.Count} hashes; no tree of uint32 leaves needs more than {MerkleTree.MaxAuditPathLength}";
        for (var i = 0; i < proof.AuditPath.Count; i++)
        {
            if (proof.AuditPath[i].Length != MerkleHash.Size)
                return $"proof.audit_path[{i}] is {proof.AuditPath[i].Length} bytes, not {MerkleHash.Size}";
        }

        return null;
    }

    private static ReceiptVerification Fail(ReceiptCheck check, SignatureFailure failure, string problem) =>
        new() { FailedCheck = check, Failure = failure, Problem = problem };
}
