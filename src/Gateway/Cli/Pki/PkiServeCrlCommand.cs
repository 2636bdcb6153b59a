using System.CommandLine;
using Gateway.Cli.Client;
using Gateway.Configuration;
using Gateway.Crypto.Pki;

namespace Gateway.Cli.Pki;

/// <summary>
/// `gateway pki serve-crl`: publishes the PKI's CRLs over HTTP where its certificates say they are,
/// until Ctrl+C or SIGTERM.
/// </summary>
internal static class PkiServeCrlCommand
{
    public const string DefaultListen = "127.0.0.1:7480";

    public static Command Create()
    {
        var listen = new Option<string>("--listen")
        {
            HelpName = "HOST:PORT",
            Description = $"Address to listen on (default {DefaultListen}, which the default CRL URL names; port 0 picks a free one).",
            DefaultValueFactory = _ => DefaultListen,
        };
        var dir = PkiOptions.Directory();
        var command = new Command("serve-crl", "Serve DIR/crl/*.crl over HTTP (GET /root.crl), read from disk on each request; Ctrl+C stops.")
        {
            listen, dir,
        };
        command.Action = new PkiAction("pki serve-crl", async (parse, cancellationToken) =>
        {
            if (SettingParsers.TryEndpoint(parse.GetValue(listen)!, out var endpoint) is { } error)
                throw new PkiException(PkiFailure.InvalidInput, $"--listen: {error}");
            string directory;
            Uri crlUrl;
            using (var pki = DevPki.Open(parse.GetValue(dir)!))
            {
                directory = pki.FullPath(PkiLayout.CrlDirectory);
                crlUrl = pki.CrlUrl;
            }

            using var stop = new StopSignal(cancellationToken);
            try
            {
                await using var server = await CrlServer.StartAsync(directory, endpoint!, Console.Out, stop.Token);
                Console.WriteLine($"Serving {directory}/*.crl at {server.Address} (certificates name {crlUrl}); Ctrl+C stops.");
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM: the server has stopped; a clean end.
            }

            Console.WriteLine("Stopped.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
