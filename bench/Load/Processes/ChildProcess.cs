using System.Diagnostics;

namespace Gateway.Load.Processes;

/// <summary>
/// A process the harness started and must stop: its stdout and stderr go to a log file in the work
/// directory (the only record of why a server misbehaved), and <see cref="StopAsync"/> asks it to stop
/// with SIGTERM before killing it, so servers get their graceful shutdown when they can.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly TaskCompletionSource<string> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, StreamWriter log, string name, string logPath)
    {
        _process = process;
        _log = log;
        Name = name;
        LogPath = logPath;
    }

    public string Name { get; }
    public string LogPath { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Completes with the first line the process writes to stdout (a server's "listening" line).</summary>
    public Task<string> FirstLine => _firstLine.Task;

    public static ChildProcess Start(string name, string file, IEnumerable<string> arguments, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        log.WriteLine($"# {DateTimeOffset.Now:O} {file} {string.Join(' ', info.ArgumentList)}");
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, log, name, logPath);
        process.OutputDataReceived += (_, e) => child.Write(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => child.Write(e.Data, stdout: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private void Write(string? line, bool stdout)
    {
        if (line is null)
            return;
        if (stdout)
            _firstLine.TrySetResult(line);
        lock (_logLock)
            _log.WriteLine(stdout ? line : "stderr: " + line);
    }

    /// <summary>The last lines of the log, for an error message that says what the process said.</summary>
    public string Tail(int lines = 8)
    {
        lock (_logLock)
            _log.Flush();
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join(Environment.NewLine, all.TakeLast(lines));
        }
        catch (IOException ex)
        {
            return $"(log unreadable: {ex.Message})";
        }
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then up to <paramref name="grace"/> to exit, then SIGKILL for the whole tree.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
            return;
        Signals.Terminate(_process.Id);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>SIGKILL at once, as a crash would end it; returns once it has exited.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(TimeSpan.FromSeconds(15));
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing to stop.
        }

        lock (_logLock)
            _log.Dispose();
        _process.Dispose();
    }
}
