using System.Diagnostics;

namespace Gateway.Crypto.Tests.Signatures;

/// <summary>Runs the openssl command line (Debian's openssl package); a missing openssl fails the test.</summary>
internal static class OpenSsl
{
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new TimeoutException("openssl took more than 30 s");
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}
