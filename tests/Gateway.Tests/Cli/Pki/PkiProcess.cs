using System.Text.Json;
using Gateway.Tests.Support;

namespace Gateway.Tests.Cli.Pki;

/// <summary>Runs `gateway pki ...` as the real executable in a working directory and waits for it.</summary>
internal static class PkiProcess
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int Exit, IReadOnlyList<string> Out, IReadOnlyList<string> Err)
    {
        public string Output => string.Join('\n', Out);

        public JsonElement Json => JsonDocument.Parse(Output).RootElement;

        public override string ToString() => $"exit {Exit}\nstdout:\n{Output}\nstderr:\n{string.Join('\n', Err)}";
    }

    public static async Task<Result> RunAsync(string workDir, params string[] arguments)
    {
        await using var process = DaemonProcess.Start(workDir, ["pki", .. arguments]);
        var exit = await process.WaitForExitAsync(Timeout);
        return new Result(exit, process.StandardOutput, process.StandardError);
    }

    /// <summary>Runs a command that must succeed and print JSON; returns the JSON.</summary>
    public static async Task<JsonElement> RunJsonAsync(string workDir, params string[] arguments)
    {
        var result = await RunAsync(workDir, [.. arguments, "--json"]);
        Assert.True(result.Exit == 0, result.ToString());
        return result.Json;
    }
}
