using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Support;
using Microsoft.Data.Sqlite;

namespace Gateway.Benchmarks.Store;

/// <summary>
/// How much of a commit's fsync does group commit save per document? Each invocation stores B documents
/// (a <c>documents</c> row with realistic header and signature blobs, and one <c>deliveries</c> row each)
/// in one IMMEDIATE transaction and commits, in the real store schema with the gateway's settings
/// (<see cref="Gateway.Store.Sqlite.SqliteStore"/>: WAL, synchronous=FULL, so every commit is fsynced).
/// Times are per document (OperationsPerInvoke = B); the ratio to B = 1 is what batching buys.
/// The persist stage also writes the event chain and the signed receipt batch, not included here.
/// The store lives under the temp directory (see <see cref="TempStore"/>): the numbers are that disk's.
/// </summary>
public class GroupCommitBenchmarks : IDisposable
{
    private const string Sender = "000.00.00.G01";
    private const string Recipient = "000.00.24.H44";

    private readonly byte[] _header = new byte[640];
    private readonly byte[] _signature = new byte[900];
    private readonly byte[] _digest = new byte[32];
    private readonly byte[] _payloadSha256 = new byte[32];
    private TempStore _temp = null!;
    private SqliteConnection _connection = null!;
    private SqliteCommand _insertDocument = null!;
    private SqliteCommand _insertDelivery = null!;
    private long _sequence;

    [GlobalSetup]
    public void Setup()
    {
        new Random(640).NextBytes(_header);
        new Random(900).NextBytes(_signature);
        new Random(32).NextBytes(_digest);
        _temp = new TempStore("commit");
        _connection = _temp.Store.OpenConnection();

        // The columns DocumentWriter writes, values as a signed, verified document has them.
        _insertDocument = _connection.CreateCommand();
        _insertDocument.CommandText = """
            INSERT INTO documents (id, sender, client_reference, submitted_by, header, signature, signature_checked, signer_thumbprint,
                header_digest, payload_sha256, payload_size, priority, business_type, referenced_id, expires_at, accepted_at)
            VALUES ($id, $sender, $reference, 'bench-system', $header, $signature, 1, $signer,
                $digest, $payloadSha256, 284517, 1, 0, NULL, NULL, $acceptedAt)
            RETURNING seq
            """;
        foreach (var name in (string[])["$id", "$reference", "$acceptedAt"])
            _insertDocument.Parameters.Add(new SqliteParameter(name, null));
        _insertDocument.Parameters.AddWithValue("$sender", Sender);
        _insertDocument.Parameters.AddWithValue("$header", _header);
        _insertDocument.Parameters.AddWithValue("$signature", _signature);
        _insertDocument.Parameters.AddWithValue("$signer", Convert.ToHexString(_digest));
        _insertDocument.Parameters.AddWithValue("$digest", _digest);
        _insertDocument.Parameters.AddWithValue("$payloadSha256", _payloadSha256);

        _insertDelivery = _connection.CreateCommand();
        _insertDelivery.CommandText = """
            INSERT INTO deliveries (id, document_seq, recipient, requested, redirect_effective_at, priority, visible_at)
            VALUES ($id, $seq, $recipient, $recipient, NULL, 1, $visibleAt)
            """;
        foreach (var name in (string[])["$id", "$seq", "$visibleAt"])
            _insertDelivery.Parameters.Add(new SqliteParameter(name, null));
        _insertDelivery.Parameters.AddWithValue("$recipient", Recipient);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _insertDocument.Dispose();
        _insertDelivery.Dispose();
        SqliteConnection.ClearPool(_connection);
        _connection.Dispose();
        _temp.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1, Description = "B = 1: commit per document")]
    public long Batch1() => Commit(1);

    [Benchmark(OperationsPerInvoke = 4, Description = "B = 4, per document")]
    public long Batch4() => Commit(4);

    [Benchmark(OperationsPerInvoke = 16, Description = "B = 16, per document")]
    public long Batch16() => Commit(16);

    [Benchmark(OperationsPerInvoke = 64, Description = "B = 64, per document")]
    public long Batch64() => Commit(64);

    [Benchmark(OperationsPerInvoke = 256, Description = "B = 256 (default CommitBatch), per document")]
    public long Batch256() => Commit(256);

    [Benchmark(OperationsPerInvoke = 1024, Description = "B = 1024, per document")]
    public long Batch1024() => Commit(1024);

    private long Commit(int batch)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        _insertDocument.Transaction = transaction;
        _insertDelivery.Transaction = transaction;
        var acceptedAt = DateTimeOffset.UtcNow;
        var at = acceptedAt.ToUnixTimeMilliseconds();
        var document = _insertDocument.Parameters;
        var delivery = _insertDelivery.Parameters;
        document["$acceptedAt"].Value = at;
        delivery["$visibleAt"].Value = at;
        long seq = 0;
        for (var i = 0; i < batch; i++)
        {
            var n = ++_sequence;
            // A distinct payload per document, so the payload index grows as it does in service.
            BinaryPrimitives.WriteInt64BigEndian(_payloadSha256, n);
            document["$id"].Value = Guid.CreateVersion7(acceptedAt).ToString("D");
            document["$reference"].Value = $"ref-{n}";
            seq = (long)_insertDocument.ExecuteScalar()!;
            delivery["$id"].Value = Guid.CreateVersion7(acceptedAt).ToString("D");
            delivery["$seq"].Value = seq;
            _insertDelivery.ExecuteNonQuery();
        }

        transaction.Commit();
        return seq;
    }
}
