using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Signatures;
using Gateway.Crypto.Tests.Support;
using Gateway.Protocol.V1;
using Gateway.Tests.Support;
using Google.Protobuf;
using TempDirectory = Gateway.Tests.Support.TempDirectory;

namespace Gateway.Tests.Signatures;

/// <summary>
/// An exchange gateway that requires signatures and trusts a test CA (root + issuing intermediate)
/// whose CRLs are served on loopback; senders sign with certificates the CA issues.
/// </summary>
public sealed class SignedGateway : IAsyncDisposable
{
    private readonly TempDirectory _trust;

    private SignedGateway(FileServer crls, TestCa ca, TempDirectory trust, ExchangeGateway gateway)
    {
        Crls = crls;
        Ca = ca;
        _trust = trust;
        Gw = gateway;
    }

    public FileServer Crls { get; }

    public TestCa Ca { get; }

    public ExchangeGateway Gw { get; }

    public static async Task<SignedGateway> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var crls = new FileServer();
        var ca = new TestCa(crls, DateTimeOffset.UtcNow);
        var trust = new TempDirectory();
        File.WriteAllText(trust.Combine("root.pem"), ca.Root.ExportCertificatePem());
        var all = new Dictionary<string, string?>
        {
            ["Signatures:Required"] = "true",
            ["Signatures:TrustAnchors"] = trust.Path,
            ["Signatures:RevocationTimeout"] = "2s",
        };
        foreach (var pair in settings ?? new Dictionary<string, string?>())
            all[pair.Key] = pair.Value;
        return new SignedGateway(crls, ca, trust, await ExchangeGateway.StartAsync(all));
    }

    /// <summary>A signing certificate (with its key) issued by the test CA; by default for the Office.</summary>
    public X509Certificate2 IssueSigner(Func<CertificateProfile, CertificateProfile>? shape = null)
    {
        // The key lives as long as the returned certificate that holds it.
        var key = (System.Security.Cryptography.ECDsa)CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        var profile = TestCa.Profile("Document signer", Ca.Now) with { OrgCodes = [ExchangeGateway.Office], CrlUrl = Crls.Url("issuing.crl") };
        using var certificate = CertificateFactory.Issue(Ca.Issuing, shape is null ? profile : shape(profile), key);
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>A send whose header is signed by <paramref name="signer"/>, carrying the issuing CA for chain building.</summary>
    public SendRequest SignedSend(X509Certificate2 signer, string reference, string[]? to = null)
    {
        var request = Documents.Send(ExchangeGateway.Office, to ?? [ExchangeGateway.NgheAn], reference, "signed payload"u8.ToArray());
        using var cms = new DetachedSigner(signer, [Ca.Issuing]);
        request.Header.Signature = ByteString.CopyFrom(cms.Sign(request.Header.Header.Span));
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await Gw.DisposeAsync();
        Ca.Dispose();
        Crls.Dispose();
        _trust.Dispose();
    }
}
