using System.Globalization;

namespace Gateway.Load.Scenarios;

/// <summary>
/// Free space on the file system of a scenario's work directory, checked before a scenario writes
/// gigabytes, so a full disk fails at once with the numbers instead of half-way with an I/O error.
/// </summary>
internal static class DiskSpace
{
    public static long AvailableBytes(string directory) => new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;

    /// <param name="what">What the bytes are for, for the message.</param>
    public static void Require(string directory, long bytes, string what)
    {
        var available = AvailableBytes(directory);
        if (available < bytes)
        {
            throw new IOException(
                $"not enough free disk space in {directory}: {what} needs {Gib(bytes)} GiB, only {Gib(available)} GiB are free; " +
                "free some space, pass --work on a larger file system, or use --quick");
        }
    }

    private static string Gib(long bytes) => (bytes / (double)(1L << 30)).ToString("0.00", CultureInfo.InvariantCulture);
}
