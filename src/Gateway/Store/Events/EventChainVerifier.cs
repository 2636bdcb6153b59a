using Gateway.Store.Sqlite;

namespace Gateway.Store.Events;

/// <summary>
/// Walks the event chain from the first event and recomputes every hash. An edited, inserted or
/// deleted event breaks the link at that point. (Removing events from the very end leaves a shorter
/// chain that is still whole; signed checkpoints of the last hash are what will catch that.)
/// </summary>
internal static class EventChainVerifier
{
    public sealed record Outcome(long EventsChecked, byte[] LastHash, BrokenLink? Broken);

    /// <summary>The first event whose stored hash does not follow from the ones before it.</summary>
    public sealed record BrokenLink(long EventSeq, string DocumentId, string Kind);

    public static Outcome Verify(SqliteStore store)
    {
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.seq, e.document_seq, e.at, e.kind, e.org, e.delivery_id, e.attempt, e.status, e.detail, e.hash, COALESCE(x.id, '?')
            FROM events e LEFT JOIN documents x ON x.seq = e.document_seq ORDER BY e.seq
            """;
        using var reader = command.ExecuteReader();
        var previous = EventChain.Genesis;
        long count = 0;
        while (reader.Read())
        {
            var e = new DocumentEvent(reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetString(8));
            var expected = EventChain.Hash(previous, e);
            var stored = (byte[])reader[9];
            if (!expected.AsSpan().SequenceEqual(stored))
                return new Outcome(count, previous, new BrokenLink(reader.GetInt64(0), reader.GetString(10), e.Kind));
            previous = stored;
            count++;
        }

        return new Outcome(count, previous, null);
    }
}
