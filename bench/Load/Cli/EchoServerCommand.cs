using System.CommandLine;
using Gateway.Load.Peers.Echo;

namespace Gateway.Load.Cli;

/// <summary>`gateway-load echo-server --port P` (hidden): the echo peer's process, started by the harness itself.</summary>
internal static class EchoServerCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Loopback port to listen on (h2c).", Required = true };
        var command = new Command("echo-server", "Serve the bare gRPC echo peer on 127.0.0.1:PORT until SIGTERM.") { port };
        command.Hidden = true;
        command.SetAction((parse, cancellationToken) => EchoServer.RunAsync(parse.GetValue(port), cancellationToken));
        return command;
    }
}
