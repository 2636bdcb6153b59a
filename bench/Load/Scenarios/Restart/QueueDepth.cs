using Gateway.Load.Gateway;
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
    /// <summary>Polls /metrics until the gauge shows <paramref name="expected"/> (it is sampled every Metrics:SampleInterval).</summary>
    public static async Task<long> WaitForAsync(Uri metrics, long expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var scrape = new MetricsScrape(metrics);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var depth = (long)(await scrape.ReadAsync(cancellationToken)).Sum("gateway_queue_depth", ("kind", "document"));
            if (depth == expected || DateTime.UtcNow > deadline)
                return depth;
            await Task.Delay(500, cancellationToken);
        }
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
