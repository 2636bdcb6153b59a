namespace Gateway.Cli.Client;

/// <summary>A client command's own refusal (bad input, a local file that cannot be used), with its exit code.</summary>
internal sealed class ClientException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static ClientException BadInput(string message) => new(ExitCodes.Configuration, message);

    public static ClientException Failure(string message) => new(ExitCodes.Failure, message);
}
