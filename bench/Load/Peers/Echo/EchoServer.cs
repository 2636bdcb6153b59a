using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Load.Peers.Echo;

/// <summary>
/// `gateway-load echo-server --port P`: a bare Grpc.AspNetCore service on Kestrel, HTTP/2 only (h2c)
/// on 127.0.0.1, with the gateway's stream limit and nothing else: the ceiling of the
/// transport the gateway runs on. A process of its own so it competes for the CPU as the gateway does.
/// </summary>
internal static class EchoServer
{
    public static async Task<int> RunAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<EchoService>();
        await app.StartAsync(cancellationToken);
        Console.WriteLine($"echo server listening on 127.0.0.1:{port}");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
