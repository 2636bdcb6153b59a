using Gateway.Configuration;
using Gateway.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Gateway.Jobs;

/// <summary>
/// Keeps the delivery table from growing without bound: removes acknowledged status notices (their
/// delivery rows) settled longer than <c>Store:Retention</c> ago.
/// </summary>
/// <remarks>
/// What stays, always: every document and its payload, every status (the statuses table: the edXML
/// rules read earlier statuses), every event (the trace and the audit hash chain, which already hold
/// "status_acked"), dead letters (an operator replays or purges them), and the delivery rows of
/// documents, acknowledged or not: they record who a document was addressed to, which trace
/// visibility and the status rules read, so removing them would shut a recipient out of its own
/// documents.
/// </remarks>
[DisallowConcurrentExecution]
internal sealed class RetentionPurgeJob(SqliteStore store, GatewayOptions options, TimeProvider time, ILogger<RetentionPurgeJob> logger) : IJob
{
    public static readonly JobKey Key = new("retention-purge", "gateway");

    /// <summary>Rows deleted per write transaction, so the daemon's writers never wait long.</summary>
    private const int BatchSize = 1000;

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        RunOnce();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Runs one pass; returns how many rows it removed (0 when retention is off, the store is not
    /// open, or the pass failed, which is logged).
    /// </summary>
    public int RunOnce()
    {
        if (options.Store.Retention is not { } retention || !store.IsOpen)
            return 0;
        var cutoff = time.GetUtcNow() - retention;
        var total = 0;
        try
        {
            // Walks the table once in primary-key order, a batch per transaction, resuming after the
            // last id seen: linear however many rows there are.
            var after = "";
            while (true)
            {
                using var connection = store.OpenConnection();
                using var transaction = connection.BeginTransaction(deferred: false);
                var ids = new List<string>(BatchSize);
                using (var select = connection.CreateCommand())
                {
                    select.Transaction = transaction;
                    select.CommandText = """
                        SELECT id FROM deliveries
                        WHERE id > $after AND state = 2 AND status_id IS NOT NULL AND settled_at < $cutoff
                        ORDER BY id LIMIT $limit
                        """;
                    select.Parameters.AddWithValue("$after", after);
                    select.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
                    select.Parameters.AddWithValue("$limit", BatchSize);
                    using var reader = select.ExecuteReader();
                    while (reader.Read())
                        ids.Add(reader.GetString(0));
                }

                using (var delete = connection.CreateCommand())
                {
                    delete.Transaction = transaction;
                    delete.CommandText = "DELETE FROM deliveries WHERE id = $id";
                    var id = delete.Parameters.Add("$id", SqliteType.Text);
                    foreach (var value in ids)
                    {
                        id.Value = value;
                        delete.ExecuteNonQuery();
                    }
                }

                transaction.Commit();
                total += ids.Count;
                if (ids.Count < BatchSize)
                    break;
                after = ids[^1];
            }
        }
        catch (SqliteException ex)
        {
            DeliveryJobsLog.RetentionFailed(logger, ex);
        }

        if (total > 0)
            DeliveryJobsLog.Retained(logger, total, cutoff);
        return total;
    }
}
