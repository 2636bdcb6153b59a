using Gateway.Configuration;
using Gateway.Store.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Observability.Metrics;

/// <summary>
/// Reads queue depths, the oldest undelivered document and the dead-letter count from the store every
/// Metrics:SampleInterval. Scrapes read the last snapshot, so a scrape never queries the store and a
/// burst of scrapes costs nothing; the numbers are at most one interval old. Reading the store (not
/// counting in memory) keeps the numbers right when the CLI changes queues from another process.
/// </summary>
internal sealed partial class QueueSampler(SqliteStore store, MetricsOptions options, TimeProvider time, ILogger<QueueSampler> logger) : BackgroundService
{
    private QueueSnapshot _last = QueueSnapshot.Empty;

    public QueueSnapshot Last => Volatile.Read(ref _last);

    /// <summary>
    /// Most of one core a sample may take on average. The depth query counts every undelivered row, so
    /// with a very large backlog one sample can take long: the next one then waits that many times as
    /// long as the last took, instead of the store being scanned back to back while documents wait.
    /// </summary>
    private const int DutyCycleDivisor = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            if (store.IsOpen)
            {
                try
                {
                    Volatile.Write(ref _last, Sample());
                }
                catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
                {
                    // A busy or closing store: keep the last snapshot and try again next tick.
                    SampleFailed(logger, ex.Message);
                }
            }

            var took = time.GetElapsedTime(started);
            var wait = TimeSpan.FromTicks(Math.Max(options.SampleInterval.Ticks, took.Ticks * DutyCycleDivisor)) - took;
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Takes a snapshot now (also used by tests, which cannot wait for a tick).</summary>
    public QueueSnapshot Sample()
    {
        var depth = new long[2, QueueSnapshot.Lanes, 2];
        using var connection = store.OpenConnection();
        using (var count = connection.CreateCommand())
        {
            // Served by the partial index deliveries_queue (state < 2): only undelivered rows are read.
            count.CommandText = "SELECT status_id IS NOT NULL, priority, state, COUNT(*) FROM deliveries WHERE state < 2 GROUP BY 1, 2, 3";
            using var reader = count.ExecuteReader();
            while (reader.Read())
            {
                var lane = Math.Clamp(reader.GetInt32(1), 0, QueueSnapshot.Lanes - 1);
                depth[reader.GetInt32(0), lane, reader.GetInt32(2) == 0 ? 0 : 1] += reader.GetInt64(3);
            }
        }

        long? oldest;
        using (var first = connection.CreateCommand())
        {
            first.CommandText = """
                SELECT x.accepted_at FROM documents x
                WHERE x.seq = (SELECT MIN(document_seq) FROM deliveries WHERE state < 2 AND status_id IS NULL)
                """;
            oldest = first.ExecuteScalar() is long at ? at : null;
        }

        using var dead = connection.CreateCommand();
        dead.CommandText = "SELECT COUNT(*) FROM deliveries WHERE state = 3";
        var deadLetters = (long)dead.ExecuteScalar()!;
        return new QueueSnapshot(depth, oldest, deadLetters, time.GetUtcNow());
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Metrics: could not sample the queues ({Reason}); keeping the last sample")]
    private static partial void SampleFailed(ILogger logger, string reason);
}
