using System.Threading.Channels;
using Gateway.Crypto.Receipts;
using Gateway.Store.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Receipts;

/// <summary>
/// Asks the RFC 3161 authority at Receipts:TimestampUrl to stamp every receipt batch's root signature
/// and stores the token on the batch (<c>receipt_batches.timestamp_token</c>). It runs beside the
/// pipeline, never in it: a send does not wait for a third party, and a retried send (or any later
/// read of the receipt) carries the token once it is stored. Batches without a token — stamped
/// while the authority was down, or before a restart — are found again from the store on the next
/// wake-up, so every batch is stamped eventually.
/// </summary>
internal sealed class BatchTimestamper(SqliteStore store, TimestampClient client, ILogger<BatchTimestamper> logger) : BackgroundService
{
    /// <summary>How often unstamped batches are looked for when nothing new arrived (and after a failure).</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    private const int BatchesPerPass = 100;

    // A wake-up only: the batches themselves are read from the store, so a dropped signal loses nothing.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Tells the stamper a batch was committed.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (store.IsOpen)
                await StampPendingAsync(stoppingToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(RetryInterval);
            try
            {
                await _wake.Reader.WaitToReadAsync(timeout.Token);
                _wake.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The retry interval passed.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Stamps batches that have no token yet, oldest first; stops at the first failure until the next pass.</summary>
    public async Task<int> StampPendingAsync(CancellationToken cancellationToken)
    {
        var stamped = 0;
        foreach (var (id, signature) in Pending())
        {
            byte[] token;
            try
            {
                token = await client.RequestTokenAsync(signature, cancellationToken);
            }
            catch (TimestampException ex)
            {
                ReceiptsLog.TimestampFailed(logger, id, client.Url.ToString(), ex.Message);
                break;
            }

            using var connection = store.OpenConnection();
            using var update = connection.Prepare(null, "UPDATE receipt_batches SET timestamp_token = $token WHERE id = $id AND timestamp_token IS NULL", "$token", "$id");
            update.Parameters["$token"].Value = token;
            update.Parameters["$id"].Value = id;
            update.ExecuteNonQuery();
            stamped++;
        }

        return stamped;
    }

    private List<(long Id, byte[] Signature)> Pending()
    {
        using var connection = store.OpenConnection();
        using var select = connection.Prepare(null, "SELECT id, root_signature FROM receipt_batches WHERE timestamp_token IS NULL ORDER BY id LIMIT $limit", "$limit");
        select.Parameters["$limit"].Value = BatchesPerPass;
        using var reader = select.ExecuteReader();
        var pending = new List<(long, byte[])>();
        while (reader.Read())
            pending.Add((reader.GetInt64(0), (byte[])reader[1]));
        return pending;
    }
}
