using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Gateway.Load.Peers.Sqlite;

/// <summary>
/// Raw SQLite group commit with the gateway's settings (WAL, synchronous=FULL, at most 256 rows per
/// transaction behind a 4096-deep queue, as Pipeline:CommitBatch and Pipeline:PersistQueue default):
/// writers submit into a bounded channel, one loop takes whatever is waiting, writes it in one
/// IMMEDIATE transaction and completes every writer after the commit's fsync. Each document is the
/// gateway's kind of row: a documents row (header, signature, digests), its delivery and its two
/// hash-chained events, plus its payload in the row.
/// </summary>
internal sealed class GroupCommitStore : IAsyncDisposable
{
    public const int CommitBatch = 256;
    public const int Queue = 4096;

    private readonly SqliteConnection _connection;
    private readonly Channel<Pending> _channel = Channel.CreateBounded<Pending>(new BoundedChannelOptions(Queue)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });
    private readonly Task _loop;
    private byte[] _chain = new byte[32];
    private long _batches;

    public GroupCommitStore(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
        Execute(Schema);
        _loop = Task.Run(RunAsync);
    }

    public long Batches => Interlocked.Read(ref _batches);

    public async Task WriteAsync(DocumentRow row, CancellationToken cancellationToken)
    {
        var pending = new Pending(row);
        await _channel.Writer.WriteAsync(pending, cancellationToken);
        await pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(CommitBatch);
        while (await _channel.Reader.WaitToReadAsync())
        {
            while (batch.Count < CommitBatch && _channel.Reader.TryRead(out var item))
                batch.Add(item);
            try
            {
                Commit(batch);
                Interlocked.Increment(ref _batches);
                foreach (var item in batch)
                    item.Completion.TrySetResult();
            }
            catch (Exception ex)
            {
                foreach (var item in batch)
                    item.Completion.TrySetException(ex);
            }

            batch.Clear();
        }
    }

    private void Commit(List<Pending> batch)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        using var document = Command(transaction, """
            INSERT INTO documents (id, sender, client_reference, submitted_by, header, signature, signature_checked, header_digest, payload_sha256, payload_size, payload, priority, business_type, accepted_at)
            VALUES ($id, $sender, $reference, 'load-sender', $header, $signature, 1, $digest, $sha256, $size, $payload, 0, 0, $at) RETURNING seq
            """);
        using var delivery = Command(transaction, "INSERT INTO deliveries (id, document_seq, recipient, requested, priority, visible_at) VALUES ($id, $seq, $recipient, $recipient, 0, $at)");
        using var appendEvent = Command(transaction, "INSERT INTO events (document_seq, at, kind, org, delivery_id, hash) VALUES ($seq, $at, $kind, $org, $delivery, $hash)");
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var item in batch)
        {
            var row = item.Row;
            var seq = (long)Run(document, true, ("$id", Guid.CreateVersion7().ToString("D")), ("$sender", row.Sender), ("$reference", row.Reference), ("$header", row.Header),
                ("$signature", row.Signature), ("$digest", SHA256.HashData(row.Header)), ("$sha256", SHA256.HashData(row.Payload)), ("$size", row.Payload.Length),
                ("$payload", row.Payload), ("$at", at))!;
            var deliveryId = Guid.CreateVersion7().ToString("D");
            Run(delivery, false, ("$id", deliveryId), ("$seq", seq), ("$recipient", row.Recipient), ("$at", at));
            Run(appendEvent, false, ("$seq", seq), ("$at", at), ("$kind", "accepted"), ("$org", row.Sender), ("$delivery", ""), ("$hash", Link(seq, "accepted", "")));
            Run(appendEvent, false, ("$seq", seq), ("$at", at), ("$kind", "queued"), ("$org", row.Recipient), ("$delivery", deliveryId), ("$hash", Link(seq, "queued", deliveryId)));
        }

        transaction.Commit();
    }

    /// <summary>The events' hash chain, as the gateway's audit chain links each event to the one before.</summary>
    private byte[] Link(long seq, string kind, string delivery) =>
        _chain = SHA256.HashData([.. _chain, .. BitConverter.GetBytes(seq), .. System.Text.Encoding.UTF8.GetBytes(kind + delivery)]);

    private SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static object? Run(SqliteCommand command, bool scalar, params (string Name, object Value)[] parameters)
    {
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return scalar ? command.ExecuteScalar() : command.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop;
        await _connection.DisposeAsync();
    }

    private sealed class Pending(DocumentRow row)
    {
        public DocumentRow Row { get; } = row;
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    // The gateway's documents, deliveries and events tables (src/Gateway/Store/Sqlite/Migrations/0003_documents.sql),
    // with the payload in the documents row instead of a blob file.
    private const string Schema = """
        CREATE TABLE documents (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, sender TEXT NOT NULL, client_reference TEXT NOT NULL,
            submitted_by TEXT NOT NULL, header BLOB NOT NULL, signature BLOB NOT NULL, signature_checked INTEGER NOT NULL,
            header_digest BLOB NOT NULL, payload_sha256 BLOB NOT NULL, payload_size INTEGER NOT NULL, payload BLOB NOT NULL,
            priority INTEGER NOT NULL, business_type INTEGER NOT NULL, referenced_id TEXT, expires_at INTEGER, accepted_at INTEGER NOT NULL,
            UNIQUE (sender, client_reference)) STRICT;
        CREATE INDEX documents_by_payload ON documents (payload_sha256);
        CREATE TABLE deliveries (
            id TEXT NOT NULL PRIMARY KEY, document_seq INTEGER NOT NULL REFERENCES documents (seq), status_id INTEGER,
            recipient TEXT NOT NULL, requested TEXT NOT NULL, redirect_effective_at INTEGER, priority INTEGER NOT NULL,
            state INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, visible_at INTEGER NOT NULL, settled_at INTEGER, dead_reason TEXT
        ) STRICT, WITHOUT ROWID;
        CREATE UNIQUE INDEX deliveries_one_copy ON deliveries (document_seq, recipient) WHERE status_id IS NULL;
        CREATE INDEX deliveries_queue ON deliveries (recipient, priority DESC, document_seq) WHERE state < 2;
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, document_seq INTEGER NOT NULL REFERENCES documents (seq), at INTEGER NOT NULL,
            kind TEXT NOT NULL, org TEXT NOT NULL DEFAULT '', delivery_id TEXT NOT NULL DEFAULT '', attempt INTEGER NOT NULL DEFAULT 0,
            status INTEGER NOT NULL DEFAULT 0, detail TEXT NOT NULL DEFAULT '', hash BLOB NOT NULL) STRICT;
        CREATE INDEX events_by_document ON events (document_seq, seq);
        """;
}

/// <summary>One document as the SQLite peer stores it.</summary>
internal sealed record DocumentRow(string Sender, string Recipient, string Reference, byte[] Header, byte[] Signature, byte[] Payload);
