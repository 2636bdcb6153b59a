using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;

namespace Gateway.Crypto.Tests.Receipts;

/// <summary>
/// A real RFC 3161 timestamp authority on loopback: an HTTP handler that stores each query in a file and
/// answers with what `openssl ts -reply` makes of it, signed by a TSA certificate from
/// <see cref="CertificateFactory"/> (critical extended key usage timeStamping, as RFC 3161 §2.3 requires).
/// Tests can replace the answer to provoke failures.
/// </summary>
internal sealed class LoopbackTsa : IAsyncDisposable
{
    public const string TimeStamping = "1.3.6.1.5.5.7.3.8";

    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private int _queries;

    private LoopbackTsa(ScratchDirectory directory, X509Certificate2 root, X509Certificate2 certificate, int port)
    {
        Directory = directory;
        Root = root;
        Certificate = certificate;
        Url = new Uri($"http://127.0.0.1:{port}/tsa");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
        Respond = query => ReplyAsync(query, "tsa.cnf");
    }

    public ScratchDirectory Directory { get; }

    /// <summary>The authority's root; ca-tsa.pem.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The authority's signing certificate; tsa.pem.</summary>
    public X509Certificate2 Certificate { get; }

    public Uri Url { get; }

    /// <summary>Content type of each query received, in order.</summary>
    public List<string?> QueryContentTypes { get; } = [];

    /// <summary>How to answer a query stored at the given path: HTTP status, content type and body.</summary>
    public Func<string, Task<(int Status, string ContentType, byte[] Body)>> Respond { get; set; }

    public static LoopbackTsa Start()
    {
        var directory = new ScratchDirectory();
        using var rootKey = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        var root = CertificateFactory.CreateRoot(ReceiptSamples.Profile("Receipt Test TSA Root"), rootKey);
        using var key = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        var certificate = CertificateFactory.Issue(root, ReceiptSamples.Profile("Receipt Test TSA") with
        {
            KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
            ExtendedKeyUsages = [TimeStamping],
            ExtendedKeyUsagesCritical = true,
        }, key);
        directory.Write("ca-tsa.pem", root.ExportCertificatePem());
        directory.Write("tsa.pem", certificate.ExportCertificatePem());
        directory.Write("tsa.key", key.ExportPkcs8PrivateKeyPem());
        directory.Write("tsaserial", "01\n");
        directory.Write("tsa.cnf", Config("sha256, sha384, sha512"));
        directory.Write("tsa-sha384-only.cnf", Config("sha384"));
        return new LoopbackTsa(directory, root, certificate, Support.FreePort.Next());
    }

    /// <summary>The reply `openssl ts -reply` gives to the query at <paramref name="queryPath"/> under a config.</summary>
    public async Task<(int, string, byte[])> ReplyAsync(string queryPath, string config)
    {
        var reply = Path.ChangeExtension(queryPath, ".tsr");
        var result = await Openssl.RunAsync(Directory.Path, "ts", "-reply", "-config", config, "-queryfile", queryPath,
            "-signer", "tsa.pem", "-inkey", "tsa.key", "-chain", "ca-tsa.pem", "-out", reply);
        return result.Exit == 0 && File.Exists(reply)
            ? (200, "application/timestamp-reply", await File.ReadAllBytesAsync(reply))
            : (500, "text/plain", System.Text.Encoding.UTF8.GetBytes(result.ToString()));
    }

    private static string Config(string digests) => $"""
        [ tsa ]
        default_tsa = tsa_config

        [ tsa_config ]
        serial = ./tsaserial
        crypto_device = builtin
        signer_digest = sha256
        default_policy = 1.3.6.1.4.1.99999.1.1
        digests = {digests}
        accuracy = secs:1
        ordering = no
        tsa_name = yes
        ess_cert_id_chain = no
        ess_cert_id_alg = sha256

        """;


    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var query = Directory.Write($"query-{Interlocked.Increment(ref _queries)}.tsq", body.ToArray());
            lock (QueryContentTypes)
                QueryContentTypes.Add(context.Request.ContentType);
            var (status, contentType, reply) = await Respond(query);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = reply.Length;
            await context.Response.OutputStream.WriteAsync(reply);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: Stop and then Close each release the prefixes, and the managed listener's second
        // release looks the port up again, binding it anew — "Address already in use" when another
        // test has taken the freed port in between.
        _listener.Close();
        await _serving.WaitAsync(TimeSpan.FromSeconds(10));
        Root.Dispose();
        Certificate.Dispose();
        Directory.Dispose();
    }
}
