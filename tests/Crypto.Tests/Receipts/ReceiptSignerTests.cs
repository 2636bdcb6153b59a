using System.Formats.Asn1;
using System.Security.Cryptography.Pkcs;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Receipts;
using Google.Protobuf.WellKnownTypes;

namespace Gateway.Crypto.Tests.Receipts;

public sealed class ReceiptSignerTests
{
    [Theory]
    [InlineData(KeyKind.EcdsaP256, "2.16.840.1.101.3.4.2.1")]
    [InlineData(KeyKind.EcdsaP384, "2.16.840.1.101.3.4.2.2")]
    [InlineData(KeyKind.Rsa2048, "2.16.840.1.101.3.4.2.1")]
    public void Sign_Batch_EveryReceiptCarriesItsLeafAndAProofOfTheSignedRoot(KeyKind kind, string digestOid)
    {
        using var gateway = GatewayIdentity.Create(kind);
        var batch = ReceiptSamples.Batch(5);

        var signed = new ReceiptSigner(gateway.Signing).Sign(batch, ReceiptSamples.Now);

        Assert.Equal(5, signed.LeafCount);
        Assert.Equal(MerkleTree.Build([.. batch.Select(ReceiptLeaf.Encode)]).Root.ToArray(), signed.Root);
        for (var i = 0; i < batch.Count; i++)
        {
            var proof = batch[i].Proof;
            Assert.Equal(ReceiptLeaf.Encode(batch[i]), batch[i].Leaf.ToByteArray());
            Assert.Equal(((uint)i, 5U), (proof.LeafIndex, proof.LeafCount));
            Assert.Equal(signed.Root, proof.Root.ToByteArray());
            Assert.Equal(signed.RootSignature, proof.RootSignature.ToByteArray());
            Assert.True(proof.TimestampToken.IsEmpty);
        }

        var cms = new SignedCms(new ContentInfo(signed.Root), detached: true);
        cms.Decode(signed.RootSignature);
        cms.CheckSignature(verifySignatureOnly: true);
        Assert.Single(cms.SignerInfos);
        var signer = cms.SignerInfos[0];
        Assert.Equal(digestOid, signer.DigestAlgorithm.Value);
        Assert.Equal(gateway.Published.RawData, Assert.Single(cms.Certificates.Cast<System.Security.Cryptography.X509Certificates.X509Certificate2>()).RawData);
        Assert.Equal(
            ["1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.5"],
            signer.SignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>().Select(a => a.Oid.Value!).Order(StringComparer.Ordinal));
        var signingTime = signer.SignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>().Single(a => a.Oid.Value == "1.2.840.113549.1.9.5");
        Assert.Equal(
            DateTimeOffset.FromUnixTimeSeconds(ReceiptSamples.Now.ToUnixTimeSeconds()).UtcDateTime,
            new Pkcs9SigningTime(signingTime.Values[0].RawData).SigningTime.ToUniversalTime());
    }

    [Fact]
    public void Sign_Batch_RootSignatureIsDetached()
    {
        using var gateway = GatewayIdentity.Create();

        var signed = new ReceiptSigner(gateway.Signing).Sign(ReceiptSamples.Batch(2), ReceiptSamples.Now);

        // SignedData.encapContentInfo has the id-data type and no eContent.
        var signedData = new AsnReader(signed.RootSignature, AsnEncodingRules.DER).ReadSequence();
        signedData.ReadObjectIdentifier();
        var inner = signedData.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        inner.ReadInteger();
        inner.ReadSetOf();
        var encapsulated = inner.ReadSequence();
        Assert.Equal("1.2.840.113549.1.7.1", encapsulated.ReadObjectIdentifier());
        Assert.False(encapsulated.HasData);
    }

    [Fact]
    public async Task Sign_ConcurrentBatchesWithOneSigner_AllVerify()
    {
        using var gateway = GatewayIdentity.Create();
        var signer = new ReceiptSigner(gateway.Signing);
        var batches = Enumerable.Range(0, 16).Select(b => ReceiptSamples.Batch(1 + (b % 5), firstSequence: (ulong)(b * 10))).ToList();

        await Task.WhenAll(batches.Select(batch => Task.Run(() => signer.Sign(batch, ReceiptSamples.Now), TestContext.Current.CancellationToken)));

        var verifier = new ReceiptVerifier(gateway.Published);
        Assert.All(batches.SelectMany(b => b), receipt => Assert.True(verifier.Verify(receipt).IsValid, verifier.Verify(receipt).Problem));
    }

    [Fact]
    public void Sign_SubMillisecondTimes_AreCutToTheMillisecondTheLeafHolds()
    {
        using var gateway = GatewayIdentity.Create();
        var receipt = ReceiptSamples.Receipt(7, redirections: 1);
        receipt.AcceptedAt = new Timestamp { Seconds = 1_767_225_600, Nanos = 123_456_789 };
        receipt.Redirections[0].EffectiveAt = new Timestamp { Seconds = 1_767_225_000, Nanos = 999_999 };

        new ReceiptSigner(gateway.Signing).Sign([receipt], ReceiptSamples.Now);

        Assert.Equal(new Timestamp { Seconds = 1_767_225_600, Nanos = 123_000_000 }, receipt.AcceptedAt);
        Assert.Equal(new Timestamp { Seconds = 1_767_225_000 }, receipt.Redirections[0].EffectiveAt);
        Assert.Null(ReceiptLeaf.FindMismatch(receipt, receipt.Leaf.Span));
    }

    [Fact]
    public void Sign_ReceiptWithoutALeafForm_IsRefusedNamingIt()
    {
        using var gateway = GatewayIdentity.Create();
        var batch = ReceiptSamples.Batch(3);
        batch[1].DocumentId = "cv-1";

        var error = Assert.Throws<ArgumentException>(() => new ReceiptSigner(gateway.Signing).Sign(batch, ReceiptSamples.Now));

        Assert.StartsWith("receipt 1 of the batch (cv-1): document_id: 'cv-1' is not a UUID", error.Message, StringComparison.Ordinal);
        Assert.All(batch, r => Assert.Null(r.Proof));
    }

    [Fact]
    public void Sign_EmptyBatch_IsRefused()
    {
        using var gateway = GatewayIdentity.Create();

        Assert.Throws<ArgumentException>(() => new ReceiptSigner(gateway.Signing).Sign([], ReceiptSamples.Now));
    }

    [Fact]
    public void Create_CertificateWithoutPrivateKey_IsRefused()
    {
        using var gateway = GatewayIdentity.Create();

        var error = Assert.Throws<ArgumentException>(() => new ReceiptSigner(gateway.Published));

        Assert.StartsWith($"the certificate '{gateway.Published.Subject}' has no private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SignDetached_Checkpoint_VerifiesAndIsDatedByTheClock()
    {
        using var gateway = GatewayIdentity.Create(KeyKind.EcdsaP384);
        var clock = new FixedClock(ReceiptSamples.Now.AddMinutes(1));
        var checkpoint = "checkpoint 42 7f3a"u8.ToArray();

        var signature = new ReceiptSigner(gateway.Signing, clock).SignDetached(checkpoint);

        var result = GatewaySignatureCheck.Verify(checkpoint, signature, gateway.Published, "checkpoint signature");
        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds()), result.SignedAt);
        Assert.False(GatewaySignatureCheck.Verify("checkpoint 43 7f3a"u8, signature, gateway.Published).IsValid);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
