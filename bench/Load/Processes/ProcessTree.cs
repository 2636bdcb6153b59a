using System.Globalization;

namespace Gateway.Load.Processes;

/// <summary>
/// Finds a process below another by its command name, from /proc/PID/task/PID/children: a server
/// started through a script (rabbitmq-server runs beam.smp under a shell) is measured by its real
/// process, not by the shell that started it.
/// </summary>
internal static class ProcessTree
{
    public static int? FindDescendant(int pid, string command, int depth = 4)
    {
        foreach (var child in Children(pid))
        {
            if (Command(child) == command)
                return child;
            if (depth > 1 && FindDescendant(child, command, depth - 1) is { } found)
                return found;
        }

        return null;
    }

    private static IEnumerable<int> Children(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/task/{pid}/children");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture));
    }

    private static string? Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
