using Gateway.Store.Sqlite;

namespace Gateway.Store.Events;

/// <summary>
/// Walks the event chain from the first event and recomputes every hash, then holds the chain
/// against every recorded checkpoint. An edited, inserted or deleted event breaks the link at that
/// point; events removed from the end are caught by a checkpoint that covered them.
/// </summary>
internal static class EventChainVerifier
{
    public sealed record Outcome(long EventsChecked, byte[] LastHash, int CheckpointsChecked, string? Problem);

    private sealed record Checkpoint(long Id, long EventSeq, long EventCount, byte[] Hash, long At);

    public static Outcome Verify(SqliteStore store)
    {
        using var connection = store.OpenConnection();
        var checkpoints = LoadCheckpoints(connection);
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

        return new Outcome(count, previous, matched, null);
    }

    private static List<Checkpoint> LoadCheckpoints(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, event_seq, event_count, hash, at FROM audit_checkpoints ORDER BY event_seq, id";
        using var reader = command.ExecuteReader();
        var checkpoints = new List<Checkpoint>();
        while (reader.Read())
            checkpoints.Add(new Checkpoint(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), (byte[])reader[3], reader.GetInt64(4)));
        return checkpoints;
    }

    private static string When(Checkpoint checkpoint) => $"{DateTimeOffset.FromUnixTimeMilliseconds(checkpoint.At):O}";
}
