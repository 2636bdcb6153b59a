using Gateway.Cli;
using Gateway.Protocol.V1;
using Gateway.Tests.Support;
using Microsoft.Data.Sqlite;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Cli;

public sealed class AuditCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static async Task<string> DataWithHistoryAsync(ExchangeGateway gw)
    {
        for (var i = 0; i < 3; i++)
            await gw.Client.SendAsync(Documents.Send(Office, [NgheAn, Ministry], $"cv-{i}", "x"u8.ToArray()), gw.Call);
        return gw.Gateway.DataDirectory;
    }

    [Fact]
    public async Task AuditVerify_UntouchedHistory_ReportsTheChainIntact()
    {
        await using var gw = await StartAsync();
        var data = await DataWithHistoryAsync(gw);

        await using var audit = DaemonProcess.Start(data, "audit", "verify", "--data", data);

        Assert.Equal(ExitCodes.Ok, await audit.WaitForExitAsync(Timeout));
        // 3 documents x (accepted + 2 queued)
        Assert.StartsWith("audit chain intact: 9 events, 0 checkpoints, last hash ", Assert.Single(audit.StandardOutput), StringComparison.Ordinal);
        Assert.EndsWith("; 0 checkpoint signatures verified with " + Path.Combine(data, "keys", "receipts.pem"), audit.StandardOutput[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_EditedEvent_NamesTheFirstBrokenLink()
    {
        await using var gw = await StartAsync();
        var data = await DataWithHistoryAsync(gw);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "gateway.db")};Pooling=false"))
        {
            connection.Open();
            using var edit = connection.CreateCommand();
            edit.CommandText = "UPDATE events SET org = '000.00.00.H99' WHERE seq = 5";
            edit.ExecuteNonQuery();
        }

        await using var audit = DaemonProcess.Start(data, "audit", "verify", "--data", data);

        Assert.Equal(ExitCodes.Failure, await audit.WaitForExitAsync(Timeout));
        var line = Assert.Single(audit.StandardError);
        Assert.StartsWith("gateway: audit chain broken at event 5 (queued of document ", line, StringComparison.Ordinal);
        Assert.Contains("from the 4 events before it", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_EventsRemovedFromTheEndAfterACheckpoint_AreDetected()
    {
        await using var gw = await StartAsync();
        var data = await DataWithHistoryAsync(gw);
        await gw.Gateway.DisposeAsync(); // the clean stop writes a checkpoint at the last event

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "gateway.db")};Pooling=false"))
        {
            connection.Open();
            using var cut = connection.CreateCommand();
            cut.CommandText = "DELETE FROM events WHERE seq > 6";
            cut.ExecuteNonQuery();
        }

        await using var audit = DaemonProcess.Start(data, "audit", "verify", "--data", data);

        Assert.Equal(ExitCodes.Failure, await audit.WaitForExitAsync(Timeout));
        Assert.Contains("the chain ends at event 6 but checkpoint 1", Assert.Single(audit.StandardError), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_DeletedEvent_IsDetected()
    {
        await using var gw = await StartAsync();
        var data = await DataWithHistoryAsync(gw);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "gateway.db")};Pooling=false"))
        {
            connection.Open();
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM events WHERE seq = 2";
            delete.ExecuteNonQuery();
        }

        await using var audit = DaemonProcess.Start(data, "audit", "verify", "--data", data);

        Assert.Equal(ExitCodes.Failure, await audit.WaitForExitAsync(Timeout));
        Assert.StartsWith("gateway: audit chain broken at event 3 ", Assert.Single(audit.StandardError), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_CheckpointsWrittenAtStop_AreSignedAndVerified()
    {
        await using var gw = await StartAsync();
        var data = await DataWithHistoryAsync(gw);
        await gw.Gateway.DisposeAsync();

        await using var audit = DaemonProcess.Start(data, "audit", "verify", "--data", data);

        Assert.Equal(ExitCodes.Ok, await audit.WaitForExitAsync(Timeout));
        Assert.EndsWith("1 checkpoints, last hash " + LastHash(data) + "; 1 checkpoint signatures verified with " + Path.Combine(data, "keys", "receipts.pem"),
            Assert.Single(audit.StandardOutput), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_CheckpointRewrittenWithItsEvents_IsCaughtByItsSignature()
    {
        await using var gw = await StartAsync();
        var data = await DataWithHistoryAsync(gw);
        await gw.Gateway.DisposeAsync();
        // Someone who can write the database cuts the last events and moves the checkpoint to match;
        // only the checkpoint's signature can tell.
        Execute(data, """
            DELETE FROM events WHERE seq > 6;
            UPDATE audit_checkpoints SET event_seq = 6, event_count = 6, hash = (SELECT hash FROM events WHERE seq = 6);
            """);

        await using var audit = DaemonProcess.Start(data, "audit", "verify", "--data", data);

        Assert.Equal(ExitCodes.Failure, await audit.WaitForExitAsync(Timeout));
        var line = Assert.Single(audit.StandardError);
        Assert.StartsWith("gateway: checkpoint 1 (", line, StringComparison.Ordinal);
        Assert.Contains("altered or not signed by this gateway", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_SignatureRemovedFromALaterCheckpoint_IsDetected()
    {
        await using var gw = await StartAsync();
        var data = await DataWithHistoryAsync(gw);
        var job = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Gateway.Jobs.AuditCheckpointJob>(gw.Gateway.Services);
        Assert.True(job.RunOnce());
        await gw.Client.SendAsync(Documents.Send(Office, [NgheAn], "cv-later", "x"u8.ToArray()), gw.Call);
        await gw.Gateway.DisposeAsync();
        Execute(data, "UPDATE audit_checkpoints SET signature = NULL WHERE id = 2");

        await using var audit = DaemonProcess.Start(data, "audit", "verify", "--data", data);

        Assert.Equal(ExitCodes.Failure, await audit.WaitForExitAsync(Timeout));
        Assert.Contains("checkpoint 2", Assert.Single(audit.StandardError), StringComparison.Ordinal);
    }

    private static void Execute(string data, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "gateway.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string LastHash(string data)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "gateway.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hash FROM events ORDER BY seq DESC LIMIT 1";
        return Convert.ToHexStringLower((byte[])command.ExecuteScalar()!);
    }
}
