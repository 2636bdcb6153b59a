using Gateway.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gateway.Registry;

/// <summary>
/// The registry of organisations: their codes, names, hierarchy, aliases and code successions, kept
/// in the store, and the answer to "where does a document for this code go now?" (<see cref="Resolve"/>).
/// </summary>
/// <remarks>
/// <para>
/// Resolution reads an in-memory <see cref="RegistrySnapshot"/>, never the database, so resolving the
/// 10,000 recipients of one document is dictionary lookups. The snapshot follows the store:
/// </para>
/// <list type="bullet">
/// <item>A change made through this instance is seen by the next resolution.</item>
/// <item>
/// Resolution reads the current snapshot without a lock or a query. At most every
/// <see cref="CheckInterval"/> one resolution asks SQLite for <c>PRAGMA data_version</c> on a
/// connection kept for that purpose (the value changes whenever any other connection, in any process,
/// commits). When it is unchanged the snapshot is current. When it changed (which includes every
/// document the daemon accepts) the registry's fingerprint (the largest <c>updated_at</c> and the row
/// counts of the three tables) is read at most once per <see cref="MaxStaleness"/> less the check
/// interval, and the snapshot is reloaded only if the fingerprint differs. While one resolution checks
/// or reloads, the others go on with the snapshot they have rather than wait for it. So a change committed by another process, such as <c>gateway orgs import</c>
/// beside the running daemon, is used by every resolution that starts <see cref="MaxStaleness"/> or
/// more after its commit, without a restart.
/// </item>
/// <item>
/// Every registry write sets <c>updated_at</c> of the organisations it touches to a stamp strictly
/// greater than any before (<see cref="NextStamp"/>), so the fingerprint changes with every write,
/// even two in the same millisecond or under a clock stepped back.
/// </item>
/// </list>
/// </remarks>
internal sealed partial class OrgRegistry(SqliteStore store, TimeProvider time) : IDisposable
{
    /// <summary>The longest a change committed by another process can go unseen by resolution.</summary>
    public static readonly TimeSpan MaxStaleness = TimeSpan.FromSeconds(1);

    /// <summary>How long resolutions use the snapshot without asking the store whether anything committed.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan FingerprintInterval = MaxStaleness - CheckInterval;

    private readonly Lock _gate = new();
    private SqliteConnection? _watch;
    private volatile RegistrySnapshot? _snapshot;
    private long _versionCheckedAt;
    private long _dataVersion;
    private Fingerprint _fingerprint;
    private long _checkedAt;
    private volatile bool _changedHere;
    private bool _disposed;

    /// <summary>
    /// Where a document addressed to <paramref name="code"/> goes at instant <paramref name="at"/>.
    /// An alias resolves to its organisation first; then successions in effect at <paramref name="at"/>
    /// (<c>at &gt;= effective_at</c>, to the millisecond) are followed, A → B → C, with a loop guard; a
    /// code with several successors in effect is <see cref="ResolutionKind.Split"/>; an unknown code is
    /// <see cref="ResolutionKind.Unknown"/>; a disabled final organisation is <see cref="ResolutionKind.Disabled"/>.
    /// Matching is exact (ordinal): the caller validates the code's form first.
    /// </summary>
    public RecipientResolution Resolve(string code, DateTimeOffset at) =>
        Current().Resolve(code, RegistrySql.ToMs(at));

    /// <summary>
    /// <see cref="Resolve"/> for every code, in order, against one snapshot: the answers are consistent
    /// with each other, and one registry check is made for the whole list.
    /// </summary>
    public IReadOnlyList<RecipientResolution> ResolveMany(IReadOnlyList<string> codes, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var snapshot = Current();
        var atMs = RegistrySql.ToMs(at);
        var results = new RecipientResolution[codes.Count];
        for (var i = 0; i < results.Length; i++)
            results[i] = snapshot.Resolve(codes[i], atMs);
        return results;
    }

    /// <summary>The snapshot resolution uses now, reloaded first when the registry changed (see the remarks).</summary>
    internal RegistrySnapshot Current()
    {
        // The hot path: every document resolves its recipients here, so no lock and no query.
        if (_snapshot is { } current && !_changedHere && time.GetElapsedTime(Interlocked.Read(ref _versionCheckedAt)) < CheckInterval)
            return current;

        // Someone else is checking: use the snapshot at hand (at most one check interval older) rather
        // than queue behind the store. A change made through this instance is always waited for.
        if (_snapshot is { } known && !_changedHere)
        {
            if (!_gate.TryEnter())
                return known;
        }
        else
        {
            _gate.Enter();
        }

        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _watch ??= store.OpenConnection();
            var version = RegistrySql.Scalar(_watch, null, "PRAGMA data_version");
            Interlocked.Exchange(ref _versionCheckedAt, time.GetTimestamp());
            if (_snapshot is not null && !_changedHere &&
                (version == _dataVersion || time.GetElapsedTime(_checkedAt) < FingerprintInterval))
            {
                return _snapshot;
            }

            // Cleared before reading: a write of ours that commits during the load sets it again.
            var changedHere = _changedHere;
            _changedHere = false;
            using (var transaction = _watch.BeginTransaction(deferred: true))
            {
                var fingerprint = Fingerprint.Read(_watch, transaction);
                if (_snapshot is null || changedHere || fingerprint != _fingerprint)
                    _snapshot = RegistrySnapshot.Load(_watch, transaction);
                transaction.Commit();
                _fingerprint = fingerprint;
            }

            _dataVersion = version;
            _checkedAt = time.GetTimestamp();
            return _snapshot;
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Called after this instance commits a change, so the next resolution reloads.</summary>
    private void Changed() => _changedHere = true;

    /// <summary>
    /// The <c>updated_at</c> for a write: now, or one more than the largest stamp in the registry if
    /// that is not earlier. Inside the write's IMMEDIATE transaction, so writers cannot interleave.
    /// </summary>
    private long NextStamp(SqliteConnection connection, SqliteTransaction transaction)
    {
        var now = RegistrySql.ToMs(time.GetUtcNow());
        var last = RegistrySql.Scalar(connection, transaction, "SELECT COALESCE(MAX(updated_at), 0) FROM organizations");
        return Math.Max(now, last + 1);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            if (_watch is not null)
            {
                // The store may already be closed; do not leave this connection open in its pool.
                SqliteConnection.ClearPool(_watch);
                _watch.Dispose();
                _watch = null;
            }
        }
    }

    /// <summary>
    /// Changes whenever a registry write commits (see the class remarks), and when rows are deleted by
    /// hand (the counts). The largest stamp comes from its index (migration 0009); the counts scan
    /// (10-25 ms at the national registry's 111,000 codes), so it is read at most once per
    /// <see cref="MaxStaleness"/>, only after something committed, and never by more than one
    /// resolution while the others go on.
    /// </summary>
    private readonly record struct Fingerprint(long LastStamp, long Organizations, long Aliases, long Successions)
    {
        public static Fingerprint Read(SqliteConnection connection, SqliteTransaction transaction)
        {
            using var command = RegistrySql.Command(connection, transaction, """
                SELECT (SELECT COALESCE(MAX(updated_at), 0) FROM organizations),
                       (SELECT COUNT(*) FROM organizations),
                       (SELECT COUNT(*) FROM organization_aliases),
                       (SELECT COUNT(*) FROM organization_successions)
                """);
            using var reader = command.ExecuteReader();
            reader.Read();
            return new Fingerprint(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }
    }
}
