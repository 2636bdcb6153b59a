using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gateway.Load.Scenarios.Restart;

/// <summary>
/// How many document deliveries wait, two ways: while the gateway runs, its sampled
/// <c>gateway_queue_depth{kind="document"}</c> gauge on /metrics (docs/metrics.md), summed over
/// priorities and states; once it has stopped, the rows themselves, counted in its database opened
/// read-only.
/// </summary>
internal static class QueueDepth
{
    private const string Gauge = "gateway_queue_depth{";

    /// <summary>Polls /metrics until the gauge shows <paramref name="expected"/> (it is sampled every Metrics:SampleInterval).</summary>
    public static async Task<long> WaitForAsync(Uri metrics, long expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow + timeout;
        long last = -1;
        while (true)
        {
            last = Documents(await http.GetStringAsync(metrics, cancellationToken));
            if (last == expected || DateTime.UtcNow > deadline)
                return last;
            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>The sum of the document queue depth gauge's series in a Prometheus text exposition.</summary>
    public static long Documents(string exposition)
    {
        long total = 0;
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(Gauge, StringComparison.Ordinal) || !line.Contains("kind=\"document\"", StringComparison.Ordinal))
                continue;
            var value = line[(line.LastIndexOf(' ') + 1)..];
            total += (long)double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return total;
    }

    /// <summary>Undelivered document deliveries in a stopped gateway's database (the queue's partial index).</summary>
    public static long CountRows(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM deliveries WHERE state < 2 AND status_id IS NULL";
        return (long)command.ExecuteScalar()!;
    }
}
