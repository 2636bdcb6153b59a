using System.CommandLine;
using System.CommandLine.Invocation;
using Gateway.Crypto.Pki;

namespace Gateway.Cli.Pki;

/// <summary>
/// The action behind each `gateway pki` command. Every failure is one line, <c>gateway: pki init: why</c>,
/// and an exit code: 2 for a command-line mistake, a bad value or something named that does not exist,
/// 5 for a refusal to overwrite (an existing PKI, a certificate in force), 1 for a damaged PKI or a
/// file that cannot be written.
/// </summary>
internal sealed class PkiAction(string commandName, Func<ParseResult, CancellationToken, Task<int>> run) : AsynchronousCommandLineAction
{
    public PkiAction(string commandName, Func<ParseResult, int> run)
        : this(commandName, (parse, _) => Task.FromResult(run(parse)))
    {
    }

    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        if (ParseProblems.Describe(parseResult, commandName) is { } problem)
            return Fail(ExitCodes.Configuration, problem);
        try
        {
            return await run(parseResult, cancellationToken);
        }
        catch (PkiException ex)
        {
            return Fail(ExitCodeOf(ex.Failure), ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(ExitCodes.Failure, ex.Message.TrimEnd('.'));
        }
    }

    public static int ExitCodeOf(PkiFailure failure) => failure switch
    {
        PkiFailure.Refused => ExitCodes.Refused,
        PkiFailure.Damaged => ExitCodes.Failure,
        _ => ExitCodes.Configuration,
    };

    private int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine($"gateway: {commandName}: {message}");
        return exitCode;
    }
}
