using System.Net;
using System.Net.Sockets;

namespace Gateway.Load.Processes;

/// <summary>A loopback TCP port free right now; the servers the harness starts need it on their command line.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
