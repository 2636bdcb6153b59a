using System.Diagnostics;

namespace Gateway.Load.Processes;

/// <summary>
/// SIGTERM for a child, through /bin/kill: .NET can only SIGKILL another process, and the servers
/// (the gateway, RabbitMQ) shut down cleanly on SIGTERM.
/// </summary>
internal static class Signals
{
    public static void Terminate(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        });
        kill?.WaitForExit();
    }
}
