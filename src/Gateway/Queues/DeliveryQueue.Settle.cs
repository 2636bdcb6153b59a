using Gateway.Protocol.V1;
using Microsoft.Data.Sqlite;

namespace Gateway.Queues;

internal sealed partial class DeliveryQueue
{
    /// <summary>
    /// Applies a recipient's settlements in one transaction. ACK finishes a delivery and, for a
    /// document, queues status 01 (arrived) for its sender; NACK offers it again after a backoff; REJECT
    /// dead-letters it with the reason. A settlement for a delivery that is not the caller's, is unknown
    /// or was already settled is not applied, and its result says why.
    /// </summary>
    public IReadOnlyList<SettlementResult> Settle(IReadOnlyList<Settlement> settlements, IReadOnlySet<string> callerOrgs)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var results = new List<SettlementResult>(settlements.Count);
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var find = Command(connection, transaction, """
            SELECT d.state, d.recipient, d.document_seq, d.status_id, d.attempts, d.priority, d.dead_reason, x.sender
            FROM deliveries d JOIN documents x ON x.seq = d.document_seq WHERE d.id = $id
            """, "$id");
        using var ack = Command(connection, transaction, "UPDATE deliveries SET state = 2, settled_at = $now WHERE id = $id", "$now", "$id");
        using var nack = Command(connection, transaction, "UPDATE deliveries SET state = 0, visible_at = $at WHERE id = $id", "$at", "$id");
        using var reject = Command(connection, transaction, "UPDATE deliveries SET state = 3, dead_reason = $reason, settled_at = $now WHERE id = $id", "$reason", "$now", "$id");
        using var arrived = new ArrivedStatusWriter(connection, transaction, now);
        ack.Parameters["$now"].Value = now;
        reject.Parameters["$now"].Value = now;

        foreach (var settlement in settlements)
        {
            find.Parameters["$id"].Value = settlement.DeliveryId;
            using var reader = find.ExecuteReader();
            if (!reader.Read() || !callerOrgs.Contains(reader.GetString(1)))
            {
                // Someone else's delivery is reported as unknown: its existence is not the caller's business.
                results.Add(Result(settlement, false, "unknown delivery id"));
                continue;
            }

            var (state, recipient, seq, isStatus, attempts, priority, deadReason, sender) = (reader.GetInt32(0), reader.GetString(1), reader.GetInt64(2),
                !reader.IsDBNull(3), reader.GetInt32(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7));
            reader.Close();

            if (state == 2)
            {
                results.Add(Result(settlement, false, "already acknowledged"));
                continue;
            }

            if (state == 3)
            {
                results.Add(Result(settlement, false, $"dead-lettered ({deadReason})"));
                continue;
            }

            switch (settlement.Outcome)
            {
                case Settlement.Types.Outcome.Ack:
                    ack.Parameters["$id"].Value = settlement.DeliveryId;
                    ack.ExecuteNonQuery();
                    if (!isStatus)
                        arrived.Queue(seq, recipient, sender, priority);
                    results.Add(Result(settlement, true, "acknowledged"));
                    break;
                case Settlement.Types.Outcome.Nack:
                    var delay = Backoff.Delay(attempts, options.Delivery.BackoffBase, options.Delivery.BackoffMax, Random.Shared);
                    nack.Parameters["$at"].Value = now + (long)delay.TotalMilliseconds;
                    nack.Parameters["$id"].Value = settlement.DeliveryId;
                    nack.ExecuteNonQuery();
                    results.Add(Result(settlement, true, $"offered again in {delay.TotalSeconds:0.###}s"));
                    break;
                case Settlement.Types.Outcome.Reject:
                    var reason = string.IsNullOrWhiteSpace(settlement.Reason) ? "no reason given" : settlement.Reason;
                    reject.Parameters["$reason"].Value = $"rejected by {recipient}: {reason}";
                    reject.Parameters["$id"].Value = settlement.DeliveryId;
                    reject.ExecuteNonQuery();
                    results.Add(Result(settlement, true, "dead-lettered"));
                    break;
                default:
                    results.Add(Result(settlement, false, $"outcome {(int)settlement.Outcome} is not ACK, NACK or REJECT"));
                    break;
            }
        }

        transaction.Commit();
        return results;
    }

    private static SettlementResult Result(Settlement settlement, bool applied, string detail) =>
        new() { DeliveryId = settlement.DeliveryId, Applied = applied, Detail = detail };

    /// <summary>Writes status 01 (arrived) from a recipient to the sender, and queues it for the sender.</summary>
    private sealed class ArrivedStatusWriter : IDisposable
    {
        private readonly SqliteCommand _status;
        private readonly SqliteCommand _delivery;

        public ArrivedStatusWriter(SqliteConnection connection, SqliteTransaction transaction, long now)
        {
            _status = Command(connection, transaction, """
                INSERT INTO statuses (document_seq, from_org, to_org, code, description, reported_at)
                VALUES ($seq, $from, $to, 1, 'arrived: received by the recipient''s system', $now) RETURNING id
                """, "$seq", "$from", "$to", "$now");
            _delivery = Command(connection, transaction, """
                INSERT INTO deliveries (id, document_seq, status_id, recipient, requested, priority, visible_at)
                VALUES ($id, $seq, $status, $to, $to, $priority, $now)
                """, "$id", "$seq", "$status", "$to", "$priority", "$now");
            _status.Parameters["$now"].Value = now;
            _delivery.Parameters["$now"].Value = now;
        }

        public void Queue(long seq, string recipient, string sender, int priority)
        {
            _status.Parameters["$seq"].Value = seq;
            _status.Parameters["$from"].Value = recipient;
            _status.Parameters["$to"].Value = sender;
            var statusId = (long)_status.ExecuteScalar()!;
            _delivery.Parameters["$id"].Value = Guid.CreateVersion7().ToString("D");
            _delivery.Parameters["$seq"].Value = seq;
            _delivery.Parameters["$status"].Value = statusId;
            _delivery.Parameters["$to"].Value = sender;
            _delivery.Parameters["$priority"].Value = priority;
            _delivery.ExecuteNonQuery();
        }

        public void Dispose()
        {
            _status.Dispose();
            _delivery.Dispose();
        }
    }
}
