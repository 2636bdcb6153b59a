using Microsoft.Data.Sqlite;

namespace Gateway.Tracking;

/// <summary>What status rules and trace visibility need to know about a document.</summary>
internal sealed record DocumentFacts(long Seq, string Sender, int BusinessType, int Priority, IReadOnlyList<string> Recipients, IReadOnlySet<string> WrittenCodes)
{
    /// <summary>The sender and the recipients (under their final or written codes) see a document; nobody else does.</summary>
    public bool IsVisibleTo(IReadOnlySet<string> orgs) =>
        orgs.Contains(Sender) || Recipients.Any(orgs.Contains) || WrittenCodes.Any(orgs.Contains);

    public static DocumentFacts? Load(SqliteConnection connection, SqliteTransaction? transaction, string documentId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT seq, sender, business_type, priority FROM documents WHERE id = $id";
        command.Parameters.AddWithValue("$id", documentId);
        long seq;
        string sender;
        int businessType, priority;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
                return null;
            (seq, sender, businessType, priority) = (reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3));
        }

        command.CommandText = "SELECT recipient, requested FROM deliveries WHERE document_seq = $seq AND status_id IS NULL ORDER BY recipient";
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$seq", seq);
        var recipients = new List<string>();
        var written = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                recipients.Add(reader.GetString(0));
                written.Add(reader.GetString(1));
            }
        }

        return new DocumentFacts(seq, sender, businessType, priority, recipients, written);
    }
}
