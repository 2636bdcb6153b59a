using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Receipts;
using Gateway.Store.Sqlite;

namespace Gateway.Store.Events;

/// <summary>
/// Walks the event chain from the first event and recomputes every hash, then holds the chain
/// against every recorded checkpoint. An edited, inserted or deleted event breaks the link at that
/// point; events removed from the end are caught by a checkpoint that covered them.
/// </summary>
internal static class EventChainVerifier
{
    /// <param name="SignaturesChecked">Checkpoint signatures verified under the gateway certificate given; 0 when none was given.</param>
    public sealed record Outcome(long EventsChecked, byte[] LastHash, int CheckpointsChecked, string? Problem, int SignaturesChecked = 0);

    private sealed record Checkpoint(long Id, long EventSeq, long EventCount, byte[] Hash, long At, byte[]? Signature);

    /// <param name="gatewayCertificate">
    /// When given, every signed checkpoint's signature must verify under it, and no checkpoint after
    /// the first signed one may lack a signature (one removed is as suspect as one altered).
    /// </param>
    public static Outcome Verify(SqliteStore store, X509Certificate2? gatewayCertificate = null)
    {
        using var connection = store.OpenConnection();
        var checkpoints = LoadCheckpoints(connection);
        var signatures = 0;
        if (gatewayCertificate is not null)
        {
            var (verified, problem) = CheckSignatures(store.StoreId, checkpoints, gatewayCertificate);
            if (problem is not null)
                return new Outcome(0, EventChain.Genesis, 0, problem);
            signatures = verified;
        }

        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.seq, e.document_seq, e.at, e.kind, e.org, e.delivery_id, e.attempt, e.status, e.detail, e.hash, COALESCE(x.id, '?')
            FROM events e LEFT JOIN documents x ON x.seq = e.document_seq ORDER BY e.seq
            """;
        using var reader = command.ExecuteReader();
        var previous = EventChain.Genesis;
        long count = 0;
        long lastSeq = 0;
        var matched = 0;
        while (reader.Read())
        {
            var seq = reader.GetInt64(0);
            var e = new DocumentEvent(reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetString(8));
            var stored = (byte[])reader[9];
            if (!EventChain.Hash(previous, e).AsSpan().SequenceEqual(stored))
            {
                return new Outcome(count, previous, matched,
                    $"audit chain broken at event {seq} ({e.Kind} of document {reader.GetString(10)}): its hash does not follow from the {count} events before it; the history was altered there");
            }

            previous = stored;
            count++;
            lastSeq = seq;
            foreach (var checkpoint in checkpoints.Where(c => c.EventSeq == seq))
            {
                if (!checkpoint.Hash.AsSpan().SequenceEqual(stored) || checkpoint.EventCount != count)
                    return new Outcome(count, previous, matched, $"checkpoint {checkpoint.Id} ({When(checkpoint)}) does not match the chain at event {seq}; the history was rewritten");
                matched++;
            }
        }

        if (checkpoints.FirstOrDefault(c => c.EventSeq > lastSeq) is { } beyond)
        {
            return new Outcome(count, previous, matched,
                $"the chain ends at event {lastSeq} but checkpoint {beyond.Id} ({When(beyond)}) covered up to event {beyond.EventSeq}; events were removed from the end");
        }

        return new Outcome(count, previous, matched, null, signatures);
    }

    private static List<Checkpoint> LoadCheckpoints(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, event_seq, event_count, hash, at, signature FROM audit_checkpoints ORDER BY event_seq, id";
        using var reader = command.ExecuteReader();
        var checkpoints = new List<Checkpoint>();
        while (reader.Read())
            checkpoints.Add(new Checkpoint(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), (byte[])reader[3], reader.GetInt64(4),
                reader.IsDBNull(5) ? null : (byte[])reader[5]));
        return checkpoints;
    }

    private static (int Verified, string? Problem) CheckSignatures(Guid storeId, List<Checkpoint> checkpoints, X509Certificate2 certificate)
    {
        var verified = 0;
        foreach (var checkpoint in checkpoints.OrderBy(c => c.Id))
        {
            if (checkpoint.Signature is null)
            {
                if (verified > 0)
                    return (verified, $"checkpoint {checkpoint.Id} ({When(checkpoint)}) has no signature although earlier checkpoints are signed; its signature was removed");
                continue;
            }

            var statement = CheckpointStatement.Bytes(storeId, checkpoint.EventSeq, checkpoint.EventCount, checkpoint.Hash, checkpoint.At);
            var result = GatewaySignatureCheck.Verify(statement, checkpoint.Signature, certificate, $"the signature of checkpoint {checkpoint.Id}");
            if (!result.IsValid)
                return (verified, $"checkpoint {checkpoint.Id} ({When(checkpoint)}): {result.Problem}; the checkpoint was altered or not signed by this gateway");
            verified++;
        }

        return (verified, null);
    }

    private static string When(Checkpoint checkpoint) => $"{DateTimeOffset.FromUnixTimeMilliseconds(checkpoint.At):O}";
}
