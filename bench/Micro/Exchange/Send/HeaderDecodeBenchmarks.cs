using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Config;
using Gateway.Benchmarks.Support;
using Gateway.Crypto.Signatures;
using Gateway.Exchange.Send;
using Gateway.Protocol.V1;
using Google.Protobuf;

namespace Gateway.Benchmarks.Exchange.Send;

/// <summary>
/// What does the first step of a Send cost before any signature or store work: decoding the exact signed
/// <c>DocumentHeader</c> bytes, and the gateway's whole store-free check of them
/// (<see cref="HeaderValidator"/>: decode, every field, each recipient code parsed, SHA-256 of the bytes)?
/// The header is a realistic official letter signed with ECDSA P-256; <see cref="Recipients"/> is the
/// number of recipient codes in it (one addressee, or a circular to a hundred units).
/// </summary>
[BenchmarkCategory(Categories.Fast)]
public class HeaderDecodeBenchmarks : IDisposable
{
    private X509Certificate2 _certificate = null!;
    private SignedHeader _signed = null!;
    private ByteString _headerBytes = ByteString.Empty;
    private byte[] _signedBytes = [];
    private DateTimeOffset _now;

    [Params(1, 100)]
    public int Recipients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _now = DateTimeOffset.UtcNow;
        var recipients = OrgCodes.Sample(OrgCodes.Generate(20_000), Recipients, seed: 5);
        _certificate = SigningCertificate.Create("Van phong Chinh phu", SampleHeaders.Sender);
        using (var signer = new DetachedSigner(_certificate))
            _signed = SampleHeaders.Sign(SampleHeaders.Header(recipients, "VPCP-2025-000781", _now), signer);
        _headerBytes = _signed.Header;
        _signedBytes = _signed.ToByteArray();
        if (HeaderValidator.Validate(_signed, _now).Recipients.Count != Recipients)
            throw new InvalidOperationException("the sample header did not validate with every recipient");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _certificate.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "Decode DocumentHeader from the signed bytes")]
    public DocumentHeader DecodeHeader() => DocumentHeader.Parser.ParseFrom(_headerBytes);

    [Benchmark(Description = "Decode SignedHeader (wire) + DocumentHeader")]
    public DocumentHeader DecodeSignedAndHeader() =>
        DocumentHeader.Parser.ParseFrom(SignedHeader.Parser.ParseFrom(_signedBytes).Header);

    [Benchmark(Description = "HeaderValidator.Validate (decode + checks + SHA-256)")]
    public object Validate() => HeaderValidator.Validate(_signed, _now);
}
