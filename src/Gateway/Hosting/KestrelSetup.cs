using System.Security.Cryptography.X509Certificates;
using Gateway.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

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
                listen.UseHttps(certificate);
            });
        }
    }
}
