using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Support;

/// <summary>A loopback port nobody listens on right now, for child processes that must be told one.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
