using System.Diagnostics;

namespace Gateway.Crypto.Tests.Receipts;

/// <summary>The openssl command-line tool, as a person verifying a receipt by hand would run it.</summary>
internal static class Openssl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int Exit, string Out, string Err)
    {
        public override string ToString() => $"exit {Exit}\nstdout:\n{Out}\nstderr:\n{Err}";
    }

    public static async Task<Result> RunAsync(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start openssl");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Timeout);
        return new Result(process.ExitCode, await output, await error);
    }
}

/// <summary>A fresh directory under the system temp folder, removed on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("receipt-tests-").FullName;

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, byte[] content)
    {
        File.WriteAllBytes(Combine(name), content);
        return Combine(name);
    }

    public string Write(string name, string content)
    {
        File.WriteAllText(Combine(name), content);
        return Combine(name);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
