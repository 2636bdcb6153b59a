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
}
