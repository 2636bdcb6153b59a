using System.Security.Cryptography.X509Certificates;
using Gateway.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Gateway.Hosting;

/// <summary>Kestrel listeners and limits for gRPC.</summary>
internal static class KestrelSetup
{
    public static void Configure(KestrelServerOptions kestrel, GrpcOptions grpc)
    {
        kestrel.AddServerHeader = false;
        // Each gRPC message is bounded by the gRPC receive limit instead; a body limit would cut
        // client-streaming uploads, which may be of any size.
        kestrel.Limits.MaxRequestBodySize = null;
        kestrel.Limits.Http2.MaxStreamsPerConnection = grpc.MaxStreamsPerConnection;
        // Long-lived Exchange streams cross NATs and firewalls that drop idle connections.
        // Flow-control windows larger than one 1 MiB Upload chunk (the defaults, 768 KiB per stream and
        // 1 MiB per connection, stall a large upload on every chunk).
        kestrel.Limits.Http2.InitialStreamWindowSize = 8 * 1024 * 1024;
        kestrel.Limits.Http2.InitialConnectionWindowSize = 16 * 1024 * 1024;
        kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);

        if (grpc.Endpoint is { } plain)
        {
            // HTTP/2 only: without TLS there is no ALPN, so h2c needs prior knowledge.
            kestrel.Listen(plain, listen => listen.Protocols = HttpProtocols.Http2);
        }

        if (grpc.Tls is { } tls)
        {
            var certificate = X509Certificate2.CreateFromPemFile(tls.CertificateFile, tls.KeyFile);
            kestrel.Listen(tls.Endpoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;
                    if (tls.ClientCertificates is not null)
                        AskForClientCertificates(https);
                });
            });
        }
    }

    /// <summary>
    /// Asks every TLS client for a certificate without requiring one, so bearer tokens keep working
    /// on the same listener. Kestrel accepts whatever certificate is presented: its own check would
    /// judge the chain against the operating system's store, refusing certificates from an agency's
    /// private root with nothing but a failed handshake. The gateway judges the certificate on each
    /// call instead (Systems/ClientCertificateAuthenticator.cs: chain to Grpc:Tls:ClientCa, validity,
    /// CRL/OCSP, cached), and a refusal says why.
    /// </summary>
    private static void AskForClientCertificates(HttpsConnectionAdapterOptions https)
    {
        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
        https.ClientCertificateValidation = (_, _, _) => true;
        // Revocation is the gateway's to check, with its cache; not once per handshake, online.
        https.CheckCertificateRevocation = false;
    }
}
