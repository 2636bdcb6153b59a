using System.Diagnostics;

namespace Gateway.Load.Gateway;

/// <summary>
/// Runs one `gateway` admin command (pki, orgs, systems) to completion. The harness prepares the
/// gateway only through its own CLI, as an operator would, so the load runs against exactly what the
/// documentation describes. Output is appended to the setup log; a non-zero exit throws with stderr.
/// </summary>
internal sealed class GatewayCommand(string executable, string logPath)
{
    public string Executable => executable;

    public async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var (output, errors) = (await stdout, await stderr);
        await File.AppendAllTextAsync(logPath, $"$ gateway {string.Join(' ', arguments)}\n{output}{errors}(exit {process.ExitCode})\n", cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`gateway {string.Join(' ', arguments)}` exited with {process.ExitCode}: {errors.Trim()}");
        return output;
    }
}
