using Microsoft.Data.Sqlite;

namespace Gateway.Pipeline;

/// <summary>
/// Writes that ride in the persist stage's next transaction (the settle stage's acknowledgements), so
/// documents and settlements arriving together share one fsync instead of taking turns for two.
/// </summary>
internal interface ICommitPassenger
{
    /// <summary>
    /// Writes inside the transaction, under a savepoint of its own: if it throws, only its writes are
    /// rolled back and only it fails. Runs after the documents of the batch.
    /// </summary>
    void Write(SqliteConnection connection, SqliteTransaction transaction);

    /// <summary>Called once the transaction is committed (durable).</summary>
    void Committed();

    /// <summary>Called instead of <see cref="Committed"/> when its writes or the commit failed; nothing of it was stored.</summary>
    void Failed(Exception error);
}
