using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Signatures;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.Collections;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using BcCertificateParser = Org.BouncyCastle.X509.X509CertificateParser;

namespace Gateway.Benchmarks.Crypto;

/// <summary>
/// Detached CMS signatures of a 300-byte header, verified and made by each candidate, so the hot path
/// can use the fastest correct one. Budget: several thousand verifications per second per core. Every
/// verifier is given the same CMS (made by DetachedSigner); "warm" means the certificate was seen before,
/// which is the steady state (the same senders sign document after document), "cold" a first sight.
/// Ratios are against .NET SignedCms within each category and key.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CmsBenchmarks : IDisposable
{
    private const string Verify = "Verify";
    private const string Sign = "Sign";

    private byte[] _header = [];
    private byte[] _cms = [];
    private byte[] _rawSignature = [];
    private AsymmetricAlgorithm _key = null!;
    private AsymmetricAlgorithm _publicKey = null!;
    private X509Certificate2 _root = null!;
    private X509Certificate2 _leaf = null!;
    private DetachedSigner _signer = null!;
    private DetachedSignatureVerifier _verifier = null!;
    private BcCertificate _bcCertificate = null!;
    private AsymmetricKeyParameter _bcPrivateKey = null!;
    private string _bcDigest = "";

    [Params(KeyKind.EcdsaP256, KeyKind.Rsa2048)]
    public KeyKind Key { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = CertificateFactory.CreateKey(Key);
        _root = CertificateFactory.CreateRoot(new CertificateProfile { CommonName = "Bench Root", NotBefore = now.AddDays(-1), NotAfter = now.AddDays(30) }, rootKey);
        _key = CertificateFactory.CreateKey(Key);
        using var issued = CertificateFactory.Issue(_root, new CertificateProfile
        {
            CommonName = "So Y te",
            OrgCodes = ["000.00.00.G22"],
            NotBefore = now.AddDays(-1),
            NotAfter = now.AddDays(30),
        }, _key);
        _leaf = _key is ECDsa ec ? issued.CopyWithPrivateKey(ec) : issued.CopyWithPrivateKey((RSA)_key);
        _publicKey = (AsymmetricAlgorithm?)_leaf.GetECDsaPublicKey() ?? _leaf.GetRSAPublicKey()!;

        _header = new byte[300];
        new Random(300).NextBytes(_header);
        _signer = new DetachedSigner(_leaf);
        _cms = _signer.Sign(_header);
        _verifier = new DetachedSignatureVerifier();
        _ = _verifier.Verify(_header, _cms);
        _rawSignature = _key is ECDsa signing
            ? signing.SignData(_header, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
            : ((RSA)_key).SignData(_header, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        _bcCertificate = new BcCertificateParser().ReadCertificate(_leaf.RawData);
        _bcPrivateKey = PrivateKeyFactory.CreateKey(_key.ExportPkcs8PrivateKey());
        _bcDigest = CmsSignedGenerator.DigestSha256;
        if (!VerifyBouncyCastle() || !VerifyRaw())
            throw new InvalidOperationException("a verifier refused the benchmark's own signature");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _signer.Dispose();
        _leaf.Dispose();
        _root.Dispose();
        _key.Dispose();
        _publicKey.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "Verify: .NET SignedCms")]
    [BenchmarkCategory(Verify)]
    public SignedCms VerifySignedCms()
    {
        var cms = new SignedCms(new ContentInfo(_header), detached: true);
        cms.Decode(_cms);
        cms.CheckSignature(verifySignatureOnly: true);
        return cms;
    }

    [Benchmark(Description = "Verify: BouncyCastle, cached certificate")]
    [BenchmarkCategory(Verify)]
    public bool VerifyBouncyCastle()
    {
        var signed = new CmsSignedData(new CmsProcessableByteArray(_header), _cms);
        var verified = true;
        foreach (var signer in signed.GetSignerInfos().GetSigners())
            verified &= signer.Verify(_bcCertificate);
        return verified;
    }

    [Benchmark(Description = "Verify: DetachedSignatureVerifier, warm")]
    [BenchmarkCategory(Verify)]
    public SignatureCheck VerifyHotPath() => _verifier.Verify(_header, _cms);

    [Benchmark(Description = "Verify: DetachedSignatureVerifier, cold")]
    [BenchmarkCategory(Verify)]
    public SignatureCheck VerifyHotPathCold() => new DetachedSignatureVerifier().Verify(_header, _cms);

    [Benchmark(Description = "Verify: raw key VerifyData (floor)")]
    [BenchmarkCategory(Verify)]
    public bool VerifyRaw() => _publicKey is ECDsa ec
        ? ec.VerifyData(_header, _rawSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
        : ((RSA)_publicKey).VerifyData(_header, _rawSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark(Baseline = true, Description = "Sign: .NET SignedCms (DetachedSigner)")]
    [BenchmarkCategory(Sign)]
    public byte[] SignSignedCms() => _signer.Sign(_header);

    [Benchmark(Description = "Sign: BouncyCastle CmsSignedDataGenerator")]
    [BenchmarkCategory(Sign)]
    public byte[] SignBouncyCastle()
    {
        // The same shape as DetachedSigner's: content-type, signing-time and message-digest attributes
        // (BouncyCastle's default), the signer's certificate included, detached.
        var generator = new CmsSignedDataGenerator();
        generator.AddSigner(_bcPrivateKey, _bcCertificate, _bcDigest);
        generator.AddCertificates(CollectionUtilities.CreateStore([_bcCertificate]));
        return generator.Generate(new CmsProcessableByteArray(_header), encapsulate: false).GetEncoded(Asn1Encodable.Der);
    }
}
