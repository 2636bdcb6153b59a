using Gateway.Store.Events;
using Gateway.Store.Sqlite;

namespace Gateway.Queues;

internal sealed partial class DeliveryQueue
{
    /// <summary>
    /// Gives back leases that will not be settled (the stream that held them closed): the deliveries
    /// are offered again at once, under the same delivery id. The attempt they used still counts.
    /// </summary>
    public void Release(IReadOnlyCollection<string> deliveryIds, string why)
    {
        if (deliveryIds.Count == 0)
            return;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var released = new List<string>();
        using (var connection = store.OpenConnection())
        using (store.Writers.EnterScope())
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            using var find = connection.Prepare(transaction, "SELECT document_seq, recipient, attempts FROM deliveries WHERE id = $id AND state = 1", "$id");
            using var release = connection.Prepare(transaction, "UPDATE deliveries SET state = 0, visible_at = $now WHERE id = $id", "$now", "$id");
            using var events = new EventAppender(connection, transaction);
            release.Parameters["$now"].Value = now;
            foreach (var id in deliveryIds)
            {
                find.Parameters["$id"].Value = id;
                using var reader = find.ExecuteReader();
                if (!reader.Read())
                    continue;
                var (seq, recipient, attempts) = (reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2));
                reader.Close();
                release.Parameters["$id"].Value = id;
                release.ExecuteNonQuery();
                events.Append(new DocumentEvent(seq, now, "released", recipient, id, attempts, Detail: why));
                released.Add(recipient);
            }

            transaction.Commit();
        }

        notifier.Notify(released);
    }
}
