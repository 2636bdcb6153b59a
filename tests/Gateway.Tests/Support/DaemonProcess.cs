using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Gateway.Tests.Support;

/// <summary>
/// The gateway executable as a child process, as an operator runs it. Captures its output lines and
/// can send it SIGTERM or SIGKILL.
/// </summary>
public sealed partial class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private DaemonProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _stdout.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The built gateway.dll, which the test project's reference copies beside the tests.</summary>
    public static string GatewayDll => Path.Combine(AppContext.BaseDirectory, "gateway.dll");

    public int Id => _process.Id;

    public IReadOnlyList<string> StandardOutput => [.. _stdout];

    public IReadOnlyList<string> StandardError => [.. _stderr];

    public static DaemonProcess Start(string workingDirectory, params string[] arguments) =>
        Start(workingDirectory, new Dictionary<string, string>(), arguments);

    public static DaemonProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(GatewayDll);
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        // The child must not inherit settings meant for the test run.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("GATEWAY", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        // Daemons run side by side in the tests: none takes the default metrics port unless asked to.
        info.Environment["GATEWAY__Metrics__Endpoint"] = "";
        foreach (var pair in environment)
            info.Environment[pair.Key] = pair.Value;
        return new DaemonProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"));
    }

    /// <summary>Waits until an output line (stdout or stderr) satisfies <paramref name="match"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var line = _stdout.Concat(_stderr).FirstOrDefault(match);
            if (line is not null)
                return line;
            if (_process.HasExited)
                throw new InvalidOperationException($"the daemon exited with {_process.ExitCode} first; output:\n{Output()}");
            try
            {
                await Task.Delay(50, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching line within {timeout}; output:\n{Output()}");
            }
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        // WaitForExitAsync also waits for the output streams to close, so every line is captured here.
        return _process.ExitCode;
    }

    public void Terminate() => Signal(15);

    public void Kill() => _process.Kill(entireProcessTree: true);

    public string Output() => string.Join('\n', _stdout.Concat(_stderr));

    private void Signal(int signal)
    {
        if (SendSignal(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }
}
