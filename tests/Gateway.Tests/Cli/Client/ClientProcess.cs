using Gateway.Tests.Support;

namespace Gateway.Tests.Cli.Client;

/// <summary>Runs `gateway send|receive` as the real executable, as a person or a script would, and waits for it.</summary>
internal static class ClientProcess
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int Exit, IReadOnlyList<string> Out, IReadOnlyList<string> Err)
    {
        public string Output => string.Join('\n', Out);

        public override string ToString() => $"exit {Exit}\nstdout:\n{Output}\nstderr:\n{string.Join('\n', Err)}";
    }

    /// <summary>Runs with GATEWAY_ENDPOINT and GATEWAY_TOKEN set (either may be null: not set).</summary>
    public static async Task<Result> RunAsync(string workDir, Uri? endpoint, string? token, params string[] arguments)
    {
        var environment = new Dictionary<string, string>();
        if (endpoint is not null)
            environment["GATEWAY_ENDPOINT"] = endpoint.ToString();
        if (token is not null)
            environment["GATEWAY_TOKEN"] = token;
        await using var process = DaemonProcess.Start(workDir, environment, arguments);
        var exit = await process.WaitForExitAsync(Timeout);
        return new Result(exit, process.StandardOutput, process.StandardError);
    }
}
