using Gateway.Configuration;
using Gateway.Exchange.Send;
using Gateway.Pipeline;
using Gateway.Protocol.V1;
using Gateway.Store.Sqlite;
using Gateway.Tests.Support;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Pipeline;

public sealed class PersistStageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TempDirectory _dir = new();
    private SqliteStore _store = null!;
    private PersistStage _stage = null!;

    public ValueTask InitializeAsync()
    {
        _store = new SqliteStore(
            new StoreOptions { DataDirectory = _dir.Path, BusyTimeout = TimeSpan.FromSeconds(5), MaintenanceInterval = TimeSpan.FromHours(1) },
            TimeProvider.System, NullLogger<SqliteStore>.Instance);
        _store.Open();
        var key = Gateway.Receipts.ReceiptKeys.Load(new ReceiptsOptions(), _dir.Path, TimeProvider.System, out _);
        _stage = new PersistStage(_store, TimeProvider.System, new PipelineOptions { PersistQueue = 64, CommitBatch = 32 }, new ReceiptsOptions(),
            new Gateway.Crypto.Receipts.ReceiptSigner(key), new Gateway.Queues.DeliveryNotifier(), NullLogger<PersistStage>.Instance);
        return ValueTask.CompletedTask;
    }

    private static PendingDocument Pending(string reference, string subject = "s", string? referenced = null, BusinessType type = BusinessType.New, params DeliveryTarget[] targets)
    {
        var header = Documents.Header("000.00.00.G22", ["000.00.00.H41"], reference, "x"u8.ToArray());
        header.Metadata.Subject = subject;
        if (referenced is not null)
            header.Business = new BusinessInfo { Type = type, ReferencedDocumentId = referenced };
        var validated = HeaderValidator.Validate(Documents.SignedHeaderOf(header), Now);
        if (targets.Length == 0)
            targets = [new DeliveryTarget("000.00.00.H41", "000.00.00.H41", null)];
        return new PendingDocument(validated, targets, "test-system", signer: null);
    }

    private Task<Receipt> Submit(PendingDocument document) =>
        _stage.SubmitAsync(document, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    private long Count(string sql)
    {
        using var connection = _store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Submit_NewDocument_CommitsDocumentAndDeliveriesAndReturnsReceipt()
    {
        var pending = Pending("ref-1");

        var receipt = await Submit(pending);

        Assert.True(Guid.TryParse(receipt.DocumentId, out var id) && id.Version == 7);
        Assert.Equal(1UL, receipt.Sequence);
        Assert.Equal(pending.Header.HeaderDigest, receipt.HeaderDigest.ToByteArray());
        Assert.False(receipt.Duplicate);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM documents"));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM deliveries WHERE state = 0 AND attempts = 0"));
    }

    [Fact]
    public async Task Submit_ManyConcurrently_AllCommitWithDistinctIncreasingSequences()
    {
        var receipts = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Submit(Pending($"ref-{i}"))));

        Assert.Equal(300, receipts.Select(r => r.Sequence).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (ulong)i), receipts.Select(r => r.Sequence).Order());
        Assert.Equal(300, Count("SELECT COUNT(*) FROM documents"));
    }

    [Fact]
    public async Task Submit_SameReferenceSameHeader_ReturnsTheOriginalReceipt()
    {
        var first = await Submit(Pending("ref-1"));
        var again = await Submit(Pending("ref-1"));

        Assert.True(again.Duplicate);
        Assert.Equal((first.DocumentId, first.Sequence, first.AcceptedAt), (again.DocumentId, again.Sequence, again.AcceptedAt));
        Assert.Equal(1, Count("SELECT COUNT(*) FROM documents"));
    }

    [Fact]
    public async Task Submit_SameReferenceOtherHeader_FailsWithAlreadyExistsAndSparesTheBatch()
    {
        var first = await Submit(Pending("ref-1"));

        var conflicting = Submit(Pending("ref-1", subject: "changed"));
        var bystander = Submit(Pending("ref-2"));

        var error = await Assert.ThrowsAsync<RpcException>(() => conflicting);
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains($"already used for document {first.DocumentId}", error.Status.Detail, StringComparison.Ordinal);
        Assert.False((await bystander).Duplicate);
        Assert.Equal(2, Count("SELECT COUNT(*) FROM documents"));
    }

    [Fact]
    public async Task Submit_RevokeOfOwnDocument_Commits()
    {
        var original = await Submit(Pending("ref-1"));
        var revoke = await Submit(Pending("ref-2", referenced: original.DocumentId, type: BusinessType.Revoke));
        Assert.Equal(2UL, revoke.Sequence);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM documents WHERE business_type = 1 AND referenced_id IS NOT NULL"));
    }

    [Fact]
    public async Task Submit_RevokeOfUnknownDocument_FailsWithNotFoundAndStoresNothing()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Submit(Pending("ref-1", referenced: "no-such-document", type: BusinessType.Revoke)));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.StartsWith("header.business.referenced_document_id: 'no-such-document' is not a document sent by '000.00.00.G22'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM documents"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM deliveries"));
    }

    [Fact]
    public async Task Submit_RedirectedRecipient_ReceiptNamesTheRedirectionEvenOnRetry()
    {
        var effective = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.FromHours(7));
        var target = new DeliveryTarget("000.00.00.H40", "000.00.00.H41", effective);

        var receipt = await Submit(Pending("ref-1", targets: target));
        var retry = await Submit(Pending("ref-1", targets: target));

        foreach (var r in new[] { receipt, retry })
        {
            var redirection = Assert.Single(r.Redirections);
            Assert.Equal(("000.00.00.H41", "000.00.00.H40", effective), (redirection.FromCode, redirection.ToCode, redirection.EffectiveAt.ToDateTimeOffset()));
        }
    }

    [Fact]
    public async Task Submit_StoreFailsToWrite_FailsTheBatchWithUnavailableAndKeepsRunning()
    {
        using (var connection = _store.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TRIGGER refuse BEFORE INSERT ON documents BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END";
            command.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => Submit(Pending("ref-1")));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("nothing was stored", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM deliveries"));

        using (var connection = _store.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "DROP TRIGGER refuse";
            command.ExecuteNonQuery();
        }

        Assert.Equal(1UL, (await Submit(Pending("ref-1"))).Sequence);
    }

    public async ValueTask DisposeAsync()
    {
        await _stage.DisposeAsync();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
