using System.CommandLine;
using System.CommandLine.Invocation;
using Grpc.Core;

namespace Gateway.Cli.Client;

/// <summary>
/// The action behind each client command. Every failure is one line on stderr and a documented exit
/// code: a command-line mistake <c>gateway: send: why</c> (2), a gRPC failure
/// <c>gateway: STATUS: detail</c> (4 when the gateway is unavailable, 5 when it refused), a local file
/// problem <c>gateway: receive: why</c> (1).
/// </summary>
internal sealed class ClientAction(string commandName, ClientOptions client, Func<ParseResult, ClientConnection, CancellationToken, Task<int>> run)
    : AsynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        if (ParseProblems.Describe(parseResult, commandName) is { } problem)
            return Fail(ExitCodes.Configuration, $"{commandName}: {problem}");

        ClientConnection connection;
        try
        {
            connection = client.Connect(parseResult);
        }
        catch (ClientException ex)
        {
            return Fail(ex.ExitCode, $"{commandName}: {ex.Message}");
        }

        using (connection)
        {
            try
            {
                return await run(parseResult, connection, cancellationToken);
            }
            catch (ClientException ex)
            {
                return Fail(ex.ExitCode, $"{commandName}: {ex.Message}");
            }
            catch (RpcException ex)
            {
                return Fail(RpcFailures.ExitCodeOf(ex), RpcFailures.Describe(ex, connection.Endpoint));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Fail(ExitCodes.Failure, $"{commandName}: {ex.Message.TrimEnd('.')}");
            }
        }
    }

    public static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine($"gateway: {message}");
        return exitCode;
    }
}
