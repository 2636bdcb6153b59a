using System.CommandLine;
using Gateway.Configuration;
using Gateway.Hosting;
using Gateway.Store;
using Microsoft.AspNetCore.Builder;

namespace Gateway.Cli;

/// <summary>
/// `gateway run` (also what `gateway` does with no command): runs the daemon until SIGTERM or Ctrl+C.
/// Settings may follow as --Section:Key=value; they override the environment and appsettings.json.
/// </summary>
internal static class RunCommand
{
    public const string Description =
        "Run the gateway daemon (the default). Settings follow as --Section:Key=value, e.g. " +
        "--Grpc:Endpoint=127.0.0.1:7400 --Store:DataDirectory=./data; see docs/configuration.md.";

    public static Command Create()
    {
        var command = new Command("run", Description) { TreatUnmatchedTokensAsErrors = false };
        command.SetAction((parse, _) => RunAsync(parse.UnmatchedTokens));
        return command;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> settings)
    {
        GatewayOptions options;
        Microsoft.Extensions.Configuration.IConfigurationRoot configuration;
        try
        {
            SettingTokens.Check(settings);
            configuration = ConfigurationSources.Build(settings);
            options = OptionsReader.Read(configuration);
        }
        catch (ConfigurationException ex)
        {
            return Fail(ExitCodes.Configuration, "configuration error", ex.Message);
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            // Malformed JSON in a settings file, or a command-line token that is not --Key=value.
            return Fail(ExitCodes.Configuration, "configuration error", ex.Message);
        }

        try
        {
            using var daemonLock = DaemonLock.Acquire(options.Store.DataDirectory);
            await using var app = GatewayApp.Build(options, configuration);
            await app.RunAsync();
            return ExitCodes.Ok;
        }
        catch (StoreException ex)
        {
            return Fail(ExitCodes.Store, "store error", ex.Message);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM arrived while starting: nothing was accepted yet, so this is a clean stop.
            return ExitCodes.Ok;
        }
        catch (IOException ex)
        {
            // Kestrel reports a listener it cannot bind as an IOException naming the address.
            return Fail(ExitCodes.Failure, "cannot listen", ex.Message);
        }
    }

    private static int Fail(int code, string what, string message)
    {
        Console.Error.WriteLine($"gateway: {what}: {message}");
        return code;
    }
}
