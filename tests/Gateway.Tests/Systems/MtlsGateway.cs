using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;
using Gateway.Crypto.Tests.Support;
using Gateway.Protocol.V1;
using Gateway.Systems;
using Gateway.Tests.Support;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using TempDirectory = Gateway.Tests.Support.TempDirectory;

namespace Gateway.Tests.Systems;

/// <summary>
/// An exchange gateway whose TLS listener asks for client certificates and trusts a test CA (root +
/// issuing intermediate, in the Grpc:Tls:ClientCa directory) whose CRLs are served on loopback. The
/// gateway's own TLS certificate comes from a separate test root, as an agency's would.
/// </summary>
internal sealed class MtlsGateway : IAsyncDisposable
{
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private readonly TempDirectory _dir;
    private readonly TestPki _server;

    private MtlsGateway(TempDirectory dir, TestPki server, FileServer crls, TestCa ca, ExchangeGateway gateway)
    {
        _dir = dir;
        _server = server;
        Crls = crls;
        Ca = ca;
        Gw = gateway;
    }

    public FileServer Crls { get; }

    public TestCa Ca { get; }

    public ExchangeGateway Gw { get; }

    /// <summary>The directory of the gateway's files: server.pem, ca.pem (the root of server.pem), client-ca/.</summary>
    public string Directory => _dir.Path;

    /// <summary>The root that issued the gateway's TLS certificate, for --ca.</summary>
    public string ServerCaFile => _server.CaFile;

    /// <summary>The TLS listener, by the name its certificate is issued for.</summary>
    public Uri Tls => new($"https://localhost:{Gw.Gateway.Addresses.Single(a => a.Scheme == "https").Port}");

    public SystemRegistry Systems => Gw.Gateway.Services.GetRequiredService<SystemRegistry>();

    /// <param name="settings">Applied last, over the fixture's own.</param>
    /// <param name="caAsSignatureAnchors">
    /// Leave Grpc:Tls:ClientCa unset and put the test CA in Signatures:TrustAnchors instead (the default
    /// the gateway then uses for client certificates).
    /// </param>
    public static async Task<MtlsGateway> StartAsync(IDictionary<string, string?>? settings = null, bool caAsSignatureAnchors = false)
    {
        var dir = new TempDirectory();
        var server = new TestPki(dir.Path);
        var crls = new FileServer();
        var ca = new TestCa(crls, DateTimeOffset.UtcNow);
        var clientCa = dir.Combine("client-ca");
        System.IO.Directory.CreateDirectory(clientCa);
        // The issuing CA beside the root: the gateway builds chains from this directory.
        File.WriteAllText(Path.Combine(clientCa, "root.pem"), ca.Root.ExportCertificatePem());
        File.WriteAllText(Path.Combine(clientCa, "issuing.pem"), ca.Issuing.ExportCertificatePem());
        var all = new Dictionary<string, string?>
        {
            ["Grpc:Tls:Endpoint"] = "127.0.0.1:0",
            ["Grpc:Tls:CertificateFile"] = server.CertificateFile,
            ["Grpc:Tls:KeyFile"] = server.KeyFile,
            ["Grpc:Tls:ClientCertificates"] = "true",
            ["Grpc:Tls:ClientCa"] = clientCa,
            ["Signatures:RevocationTimeout"] = "2s",
        };
        if (caAsSignatureAnchors)
        {
            all.Remove("Grpc:Tls:ClientCa");
            all["Signatures:TrustAnchors"] = clientCa;
        }

        foreach (var pair in settings ?? new Dictionary<string, string?>())
            all[pair.Key] = pair.Value;
        return new MtlsGateway(dir, server, crls, ca, await ExchangeGateway.StartAsync(all));
    }

    /// <summary>
    /// A TLS client certificate (with its key) issued by the test CA: clientAuth, digitalSignature,
    /// the CA's CRL; by default carrying no organisation code.
    /// </summary>
    public X509Certificate2 IssueClient(string name, string[]? orgCodes = null, Func<CertificateProfile, CertificateProfile>? shape = null) =>
        IssueClient(Ca, Crls, name, orgCodes, shape);

    /// <summary>As <see cref="IssueClient(string, string[], Func{CertificateProfile, CertificateProfile})"/> by another CA.</summary>
    public static X509Certificate2 IssueClient(TestCa ca, FileServer crls, string name, string[]? orgCodes = null, Func<CertificateProfile, CertificateProfile>? shape = null)
    {
        // The key lives as long as the returned certificate that holds it.
        var key = (ECDsa)CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        var profile = TestCa.Profile(name, ca.Now) with
        {
            OrgCodes = orgCodes ?? [],
            KeyUsage = X509KeyUsageFlags.DigitalSignature,
            ExtendedKeyUsages = [ClientAuth],
            CrlUrl = crls.Url("issuing.crl"),
        };
        using var certificate = CertificateFactory.Issue(ca.Issuing, shape is null ? profile : shape(profile), key);
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>A channel to the TLS listener that trusts the gateway's root and presents <paramref name="client"/>, if any.</summary>
    public GrpcChannel Channel(X509Certificate2? client)
    {
        var handler = _server.CreateTrustingHandler();
        if (client is not null)
            handler.SslOptions.ClientCertificateContext = SslStreamCertificateContext.Create(client, null, offline: true);
        return GrpcChannel.ForAddress(Tls, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    public static DocumentExchange.DocumentExchangeClient ExchangeOver(GrpcChannel channel) => new(channel);

    /// <summary>Call options without any authorization entry: the certificate alone authenticates.</summary>
    public static CallOptions NoToken => new(deadline: DateTime.UtcNow.AddSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await Gw.DisposeAsync();
        Ca.Dispose();
        Crls.Dispose();
        _server.Dispose();
        _dir.Dispose();
    }
}
