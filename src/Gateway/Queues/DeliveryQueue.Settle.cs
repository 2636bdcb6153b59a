using Gateway.Protocol.V1;
using Gateway.Store.Events;
using Gateway.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gateway.Queues;

internal sealed partial class DeliveryQueue
{
    /// <summary>
    /// Applies the settlements of several callers in one transaction (the settle stage's group
    /// commit: one fsync for all of them), in order; one result list per request. ACK finishes a
    /// delivery and, for a document, queues status 01 (arrived) for its sender; NACK offers it again
    /// after a backoff; REJECT dead-letters it with the reason. A settlement for a delivery that is not
    /// the caller's, is unknown or was already settled is not applied, and its result says why.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<SettlementResult>> SettleMany(IReadOnlyList<SettleRequest> requests)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var all = new List<IReadOnlyList<SettlementResult>>(requests.Count);
        var statusesFor = new List<string>();
        var counted = new List<(Settlement.Types.Outcome Outcome, int Priority)>();
        using var connection = store.OpenConnection();
        using var turn = store.Writers.EnterScope();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var find = connection.Prepare(transaction, """
            SELECT d.state, d.recipient, d.document_seq, d.status_id, d.attempts, d.priority, d.dead_reason, x.sender
            FROM deliveries d JOIN documents x ON x.seq = d.document_seq WHERE d.id = $id
            """, "$id");
        using var ack = connection.Prepare(transaction, "UPDATE deliveries SET state = 2, settled_at = $now WHERE id = $id", "$now", "$id");
        using var nack = connection.Prepare(transaction, "UPDATE deliveries SET state = 0, visible_at = $at WHERE id = $id", "$at", "$id");
        using var reject = connection.Prepare(transaction, "UPDATE deliveries SET state = 3, dead_reason = $reason, settled_at = $now WHERE id = $id", "$reason", "$now", "$id");
        using var events = new EventAppender(connection, transaction);
        using var statuses = new StatusWriter(connection, transaction, events, now);
        ack.Parameters["$now"].Value = now;
        reject.Parameters["$now"].Value = now;

        foreach (var (settlements, callerOrgs) in requests)
        {
            var results = new List<SettlementResult>(settlements.Count);
            all.Add(results);
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
                        events.Append(new DocumentEvent(seq, now, isStatus ? "status_acked" : "acked", recipient, settlement.DeliveryId, attempts));
                        if (!isStatus)
                        {
                            statuses.Write(seq, recipient, [sender], DocumentStatus.Arrived, "arrived: received by the recipient's system", null, priority);
                            statusesFor.Add(sender);
                        }
                        results.Add(Result(settlement, true, "acknowledged"));
                        counted.Add((settlement.Outcome, priority));
                        break;
                    case Settlement.Types.Outcome.Nack:
                        var delay = Backoff.Delay(attempts, options.Delivery.BackoffBase, options.Delivery.BackoffMax, Random.Shared);
                        nack.Parameters["$at"].Value = now + (long)delay.TotalMilliseconds;
                        nack.Parameters["$id"].Value = settlement.DeliveryId;
                        nack.ExecuteNonQuery();
                        events.Append(new DocumentEvent(seq, now, "nacked", recipient, settlement.DeliveryId, attempts,
                            Detail: $"offered again at {DateTimeOffset.FromUnixTimeMilliseconds(now + (long)delay.TotalMilliseconds):O}"));
                        results.Add(Result(settlement, true, $"offered again in {delay.TotalSeconds:0.###}s"));
                        counted.Add((settlement.Outcome, priority));
                        break;
                    case Settlement.Types.Outcome.Reject:
                        var reason = string.IsNullOrWhiteSpace(settlement.Reason) ? "no reason given" : settlement.Reason;
                        reject.Parameters["$reason"].Value = $"rejected by {recipient}: {reason}";
                        reject.Parameters["$id"].Value = settlement.DeliveryId;
                        reject.ExecuteNonQuery();
                        events.Append(new DocumentEvent(seq, now, "dead_lettered", recipient, settlement.DeliveryId, attempts, Detail: $"rejected by {recipient}: {reason}"));
                        results.Add(Result(settlement, true, "dead-lettered"));
                        counted.Add((settlement.Outcome, priority));
                        break;
                    default:
                        results.Add(Result(settlement, false, $"outcome {(int)settlement.Outcome} is not ACK, NACK or REJECT"));
                        break;
                }
            }

        }

        transaction.Commit();
        notifier.Notify(statusesFor);
        CountSettled(counted);
        return all;
    }

    /// <summary>Counts settlements once they are committed, never those a failed commit undid.</summary>
    private void CountSettled(List<(Settlement.Types.Outcome Outcome, int Priority)> settled)
    {
        foreach (var (outcome, priority) in settled)
        {
            switch (outcome)
            {
                case Settlement.Types.Outcome.Ack:
                    metrics.Acked(priority);
                    break;
                case Settlement.Types.Outcome.Nack:
                    metrics.Nacked(priority);
                    break;
                default:
                    metrics.DeadLettered(priority, "rejected");
                    break;
            }
        }
    }

    private static SettlementResult Result(Settlement settlement, bool applied, string detail) =>
        new() { DeliveryId = settlement.DeliveryId, Applied = applied, Detail = detail };
}

/// <summary>One caller's settlements, applied as that caller (it may settle only its organisations' deliveries).</summary>
internal sealed record SettleRequest(IReadOnlyList<Settlement> Settlements, IReadOnlySet<string> CallerOrgs);
