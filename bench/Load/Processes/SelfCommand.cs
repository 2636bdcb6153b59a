using System.Reflection;

namespace Gateway.Load.Processes;

/// <summary>
/// How to start this harness again as a child (the echo server): the apphost itself, or `dotnet
/// gateway-load.dll` when the harness was started through dotnet.
/// </summary>
internal static class SelfCommand
{
    public static (string File, string[] Prefix) Current()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the harness cannot tell its own executable");
        var name = Path.GetFileNameWithoutExtension(process);
        if (!string.Equals(name, "dotnet", StringComparison.Ordinal))
            return (process, []);
        var assembly = Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("the harness cannot tell its own assembly");
        return (process, [assembly]);
    }
}
