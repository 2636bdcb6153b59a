using System.Security.Cryptography;
using Gateway.Bench.Results;
using Gateway.Load.Gateway;
using Gateway.Load.Measurement;
using Gateway.Load.Targets;
using Gateway.Load.Targets.Gateway;

namespace Gateway.Load.Peers.Sqlite;

/// <summary>
/// The storage ceiling: <see cref="GroupCommitStore"/> inside the harness process, the concurrent
/// writers being the sender workers. There is no receiving side, so only sends are measured;
/// compare its sent/s with the others' sent/s.
/// </summary>
internal sealed class SqliteTarget(string directory, int messageBytes) : ILoadTarget
{
    // Sizes of what the gateway stores per document with an RSA-2048 signer: a ~200-byte header and a ~1.6 KB CMS with its certificate.
    private const int HeaderBytes = 200;
    private const int SignatureBytes = 1600;

    private GroupCommitStore? _store;
    private readonly byte[] _header = RandomNumberGenerator.GetBytes(HeaderBytes);
    private readonly byte[] _signature = RandomNumberGenerator.GetBytes(SignatureBytes);
    private int _run;

    public SystemUnderTest System => SystemUnderTest.Sqlite;
    public bool TracksDelivery => false;
    public int? ServerProcessId => null;

    public string Setup =>
        $"raw SQLite group commit in the harness process (Microsoft.Data.Sqlite, WAL, synchronous=FULL, <= {GroupCommitStore.CommitBatch} documents per " +
        $"IMMEDIATE transaction, {GroupCommitStore.Queue}-deep bounded queue): per document the gateway's documents row ({HeaderBytes}-byte header, " +
        $"{SignatureBytes}-byte signature, digests) with the {messageBytes}-byte payload in the row, one deliveries row and two hash-chained events. " +
        "No signature check, no blob file, no receipt signing, no delivery: the storage ceiling. Completed and delivered/acked do not apply.";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        _store = new GroupCommitStore(Path.Combine(directory, "group-commit.db"));
        return Task.CompletedTask;
    }

    public Task<IRunSession> BeginRunAsync(RunSpec spec, RunRecorder recorder, CancellationToken cancellationToken) =>
        Task.FromResult<IRunSession>(new Session(this, spec, Interlocked.Increment(ref _run)));

    private sealed class Session(SqliteTarget target, RunSpec spec, int run) : IRunSession
    {
        private readonly long _batchesBefore = target._store!.Batches;

        public long Capacity => long.MaxValue;
        public string? Notes => $"{target._store!.Batches - _batchesBefore} transactions (fsyncs) in the run";

        public Task SendAsync(long message, CancellationToken cancellationToken)
        {
            var payload = new byte[spec.MessageBytes];
            RandomNumberGenerator.Fill(payload);
            var (sender, recipient) = DocumentFactory.Route(message, spec.Senders, spec.Recipients);
            var row = new DocumentRow(LoadOrganisations.Sender(sender), LoadOrganisations.Recipient(spec.Index, recipient),
                $"{DocumentFactory.Reference(run, message)}", target._header, target._signature, payload);
            return target._store!.WriteAsync(row, cancellationToken);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
            await _store.DisposeAsync();
    }
}
