using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Receipts;
using Gateway.Crypto.Signatures;
using Gateway.Protocol.V1;
using Google.Protobuf;

namespace Gateway.Crypto.Tests.Receipts;

public sealed class ReceiptVerifierTests : IDisposable
{
    private readonly GatewayIdentity _gateway = GatewayIdentity.Create();

    public void Dispose() => _gateway.Dispose();

    private List<Receipt> SignedBatch(int count, ulong firstSequence = 1)
    {
        var batch = ReceiptSamples.Batch(count, firstSequence);
        new ReceiptSigner(_gateway.Signing).Sign(batch, ReceiptSamples.Now);
        return batch;
    }

    private ReceiptVerification Verify(Receipt receipt) => new ReceiptVerifier(_gateway.Published).Verify(receipt);

    private static void AssertFails(ReceiptVerification result, ReceiptCheck check, SignatureFailure failure, string problemStart)
    {
        Assert.False(result.IsValid);
        Assert.Equal((check, failure), (result.FailedCheck, result.Failure));
        Assert.StartsWith(problemStart, result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KeyKind.EcdsaP256, 1)]
    [InlineData(KeyKind.EcdsaP384, 7)]
    [InlineData(KeyKind.Rsa2048, 4)]
    public void Verify_EveryReceiptOfASignedBatch_IsValid(KeyKind kind, int count)
    {
        using var gateway = GatewayIdentity.Create(kind);
        var batch = ReceiptSamples.Batch(count, firstSequence: 100);
        new ReceiptSigner(gateway.Signing).Sign(batch, ReceiptSamples.Now);

        for (var i = 0; i < count; i++)
        {
            // Each receipt travels alone: verify a copy parsed from its own bytes.
            var alone = Receipt.Parser.ParseFrom(batch[i].ToByteArray());
            var result = new ReceiptVerifier(gateway.Published).Verify(alone);

            Assert.True(result.IsValid, result.Problem);
            Assert.Equal((alone.DocumentId, 100UL + (ulong)i, (uint)i, (uint)count), (result.DocumentId, result.Sequence, result.LeafIndex, result.LeafCount));
            Assert.Equal(alone.AcceptedAt.ToDateTimeOffset(), result.AcceptedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(ReceiptSamples.Now.ToUnixTimeSeconds()), result.SignedAt);
            Assert.Equal(gateway.Published.Subject, result.Signer);
            Assert.Null(result.TimestampedAt);
        }
    }

    [Fact]
    public void Verify_ChangedReceiptField_IsDetected()
    {
        var receipt = SignedBatch(3)[1];
        receipt.Sequence = 99;

        AssertFails(Verify(receipt), ReceiptCheck.Leaf, SignatureFailure.Tampered, "sequence is 99 but the leaf says 2");
    }

    [Fact]
    public void Verify_ChangedRedirection_IsDetected()
    {
        var receipt = SignedBatch(3)[2];
        receipt.Redirections[1].ToCode = "000.00.00.G22";

        AssertFails(Verify(receipt), ReceiptCheck.Leaf, SignatureFailure.Tampered, "redirections[1].to_code is '000.00.00.G22' but the leaf says '000.00.11.H41'");
    }

    [Fact]
    public void Verify_ChangedLeaf_IsDetected()
    {
        var receipt = SignedBatch(3)[0];
        var leaf = receipt.Leaf.ToByteArray();
        leaf[ReceiptLeaf.FixedSize - 3] ^= 0x01; // the last byte of header_digest
        receipt.Leaf = ByteString.CopyFrom(leaf);

        AssertFails(Verify(receipt), ReceiptCheck.Leaf, SignatureFailure.Tampered, "header_digest is ");
    }

    [Fact]
    public void Verify_LeafAndFieldChangedTogether_FailsInclusion()
    {
        var receipt = SignedBatch(4)[3];
        receipt.Sequence = 1000;
        receipt.Leaf = ByteString.CopyFrom(ReceiptLeaf.Encode(receipt));

        AssertFails(Verify(receipt), ReceiptCheck.Inclusion, SignatureFailure.Tampered, "the leaf and audit path lead to root ");
    }

    [Fact]
    public void Verify_ChangedAuditPath_IsDetected()
    {
        var receipt = SignedBatch(4)[2];
        var sibling = receipt.Proof.AuditPath[0].ToByteArray();
        sibling[0] ^= 0x80;
        receipt.Proof.AuditPath[0] = ByteString.CopyFrom(sibling);

        AssertFails(Verify(receipt), ReceiptCheck.Inclusion, SignatureFailure.Tampered, "the leaf and audit path lead to root ");
    }

    [Fact]
    public void Verify_ChangedLeafIndex_IsDetected()
    {
        var receipt = SignedBatch(4)[2];
        receipt.Proof.LeafIndex = 3;

        AssertFails(Verify(receipt), ReceiptCheck.Inclusion, SignatureFailure.Tampered, "the leaf and audit path lead to root ");
    }

    [Fact]
    public void Verify_ProofFromAnotherBatch_IsDetected()
    {
        var receipt = SignedBatch(4)[1];
        var other = SignedBatch(4, firstSequence: 11)[1];
        receipt.Proof = other.Proof;

        AssertFails(Verify(receipt), ReceiptCheck.Inclusion, SignatureFailure.Tampered, "the leaf and audit path lead to root ");
    }

    [Fact]
    public void Verify_SignatureOfAnotherBatch_IsDetected()
    {
        var receipt = SignedBatch(4)[1];
        receipt.Proof.RootSignature = SignedBatch(2, firstSequence: 11)[0].Proof.RootSignature;

        AssertFails(Verify(receipt), ReceiptCheck.Signature, SignatureFailure.Tampered, "root_signature does not verify over the signed bytes");
    }

    [Fact]
    public void Verify_SignatureByAnotherKey_IsDetected()
    {
        using var impostor = GatewayIdentity.Create(name: "gateway.axis.gov.vn");
        var batch = ReceiptSamples.Batch(3);
        new ReceiptSigner(impostor.Signing).Sign(batch, ReceiptSamples.Now);

        AssertFails(Verify(batch[0]), ReceiptCheck.Signature, SignatureFailure.UntrustedChain,
            $"root_signature was made by '{impostor.Published.Subject}' (SHA-256 {Convert.ToHexStringLower(impostor.Published.GetCertHash(HashAlgorithmName.SHA256))}), not by the trusted gateway certificate");
    }

    [Fact]
    public void Verify_AnotherKeyUnderTheGatewayCertificate_IsDetected()
    {
        var receipt = SignedBatch(2)[0];
        // A forger signs with a key of their own under a certificate with the gateway's issuer and serial
        // number, then ships the gateway's real certificate, so the signer identifier points at it.
        using var forgerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(_gateway.Published.SubjectName, forgerKey, HashAlgorithmName.SHA256);
        using var forged = request.Create(_gateway.Published.IssuerName, X509SignatureGenerator.CreateForECDsa(forgerKey),
            ReceiptSamples.Now.AddMinutes(-5), ReceiptSamples.Now.AddDays(1), Convert.FromHexString(_gateway.Published.SerialNumber));
        using var forgedWithKey = forged.CopyWithPrivateKey(forgerKey);
        var cms = new SignedCms(new ContentInfo(receipt.Proof.Root.ToByteArray()), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, forgedWithKey) { IncludeOption = X509IncludeOption.None };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(ReceiptSamples.Now.UtcDateTime));
        cms.ComputeSignature(signer, silent: true);
        cms.AddCertificate(_gateway.Published);
        receipt.Proof.RootSignature = ByteString.CopyFrom(cms.Encode());

        AssertFails(Verify(receipt), ReceiptCheck.Signature, SignatureFailure.Tampered, "root_signature does not verify over the signed bytes");
    }

    [Fact]
    public void Verify_ChangedRoot_IsDetected()
    {
        var receipts = SignedBatch(1);
        var receipt = receipts[0];
        // With one leaf the root is the leaf hash; a consistent forgery must change the root, and the signature then fails.
        receipt.Sequence = 5;
        receipt.Leaf = ByteString.CopyFrom(ReceiptLeaf.Encode(receipt));
        Span<byte> root = stackalloc byte[32];
        MerkleHash.Leaf(receipt.Leaf.Span, root);
        receipt.Proof.Root = ByteString.CopyFrom(root);

        AssertFails(Verify(receipt), ReceiptCheck.Signature, SignatureFailure.Tampered, "root_signature does not verify over the signed bytes");
    }

    [Fact]
    public void Verify_SignedAfterTheCertificateExpired_IsDetected()
    {
        var batch = ReceiptSamples.Batch(1);
        new ReceiptSigner(_gateway.Signing).Sign(batch, ReceiptSamples.Now.AddDays(3));

        AssertFails(Verify(batch[0]), ReceiptCheck.Signature, SignatureFailure.Expired, "root_signature says it was made at ");
    }

    [Fact]
    public void Verify_SignatureThatIsNoCms_IsMalformed()
    {
        var receipt = SignedBatch(2)[0];
        receipt.Proof.RootSignature = ByteString.CopyFrom([0x30, 0x03, 0x02, 0x01, 0x01]);

        AssertFails(Verify(receipt), ReceiptCheck.Signature, SignatureFailure.Malformed, "root_signature is not a DER CMS SignedData");
    }

    [Fact]
    public void Verify_TimestampThatIsNoToken_IsDetected()
    {
        var receipt = SignedBatch(2)[1];
        // A CMS signature, but over a root rather than a TSTInfo.
        receipt.Proof.TimestampToken = receipt.Proof.RootSignature;

        AssertFails(Verify(receipt), ReceiptCheck.Timestamp, SignatureFailure.Tampered,
            "timestamp_token: it signs content of type 1.2.840.113549.1.7.1, not an RFC 3161 TSTInfo");
    }

    [Fact]
    public void Verify_UnsignedReceipt_SaysItHasNoProof()
    {
        var receipt = ReceiptSamples.Receipt(1);

        AssertFails(Verify(receipt), ReceiptCheck.Structure, SignatureFailure.Missing, "the receipt carries no proof (it was not signed)");
    }

    [Fact]
    public void Verify_ShortAuditPathHash_IsMalformed()
    {
        var receipt = SignedBatch(3)[0];
        receipt.Proof.AuditPath[1] = ByteString.CopyFrom(new byte[31]);

        AssertFails(Verify(receipt), ReceiptCheck.Structure, SignatureFailure.Malformed, "proof.audit_path[1] is 31 bytes, not 32");
    }

    [Fact]
    public void ThrowIfInvalid_Invalid_ThrowsTheFailureKindWithTheCheckAndWhy()
    {
        var receipt = SignedBatch(2)[0];
        receipt.Sequence = 99;

        var error = Assert.Throws<SignatureException>(() => Verify(receipt).ThrowIfInvalid());

        Assert.Equal(SignatureFailure.Tampered, error.Failure);
        Assert.Equal("receipt leaf: sequence is 99 but the leaf says 1", error.Message);
    }
}
