using Gateway.Protocol.V1;
using Gateway.Registry;
using Gateway.Store.Sqlite;
using Gateway.Systems;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Organization = Gateway.Registry.Organization;

namespace Gateway.Tests.Support;

/// <summary>
/// A running gateway with a small registry and one connected system, as an agency would find it:
/// the system "dms-g22" may send as the Government Office (000.00.00.G22).
/// </summary>
public sealed class ExchangeGateway : IAsyncDisposable
{
    public const string Office = "000.00.00.G22";
    public const string NgheAn = "000.00.00.H41";
    public const string Ministry = "000.00.04.G14";
    public const string OldProvince = "000.00.00.H40";
    public const string SplitProvince = "000.00.00.H39";

    private readonly TempDirectory _dir;

    private ExchangeGateway(TempDirectory dir, TestGateway gateway, string token, string recipientToken, string secondRecipientToken)
    {
        _dir = dir;
        Gateway = gateway;
        Token = token;
        RecipientToken = recipientToken;
        SecondRecipientToken = secondRecipientToken;
        Client = new DocumentExchange.DocumentExchangeClient(gateway.Channel);
    }

    public TestGateway Gateway { get; }

    /// <summary>Token of "dms-g22", registered for the Government Office.</summary>
    public string Token { get; }

    /// <summary>Token of "dms-h41", registered for Nghệ An.</summary>
    public string RecipientToken { get; }

    /// <summary>Token of "dms-g14", registered for a ministry unit that is neither sender nor recipient unless addressed.</summary>
    public string StrangerToken { get; private init; } = "";

    /// <summary>Token of "dms-h41-b", a second system for Nghệ An (competing consumers).</summary>
    public string SecondRecipientToken { get; }

    public DocumentExchange.DocumentExchangeClient Client { get; }

    public CallOptions Call => CallAs(Token);

    public static CallOptions CallAs(string token) => new(new Metadata { { "authorization", $"Bearer {token}" } }, DateTime.UtcNow.AddSeconds(30));

    public static async Task<ExchangeGateway> StartAsync(IDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var dir = new TempDirectory();
        var gateway = await TestGateway.StartAsync(dir.Combine("data"), settings, clock: clock);
        var registry = gateway.Services.GetRequiredService<OrgRegistry>();
        var past = (clock ?? TimeProvider.System).GetUtcNow().AddDays(-1);
        registry.Import(
        [
            new Organization(Office, "Văn phòng Chính phủ", null, true, []),
            new Organization(NgheAn, "UBND tỉnh Nghệ An", null, true, ["H41.151"]),
            new Organization(Ministry, "Đơn vị thuộc Bộ", null, true, []),
            new Organization(OldProvince, "Tỉnh cũ (đã sáp nhập)", null, true, []),
            new Organization(SplitProvince, "Tỉnh cũ (đã chia)", null, true, []),
        ]);
        registry.Succeed(OldProvince, [NgheAn], past);
        registry.Succeed(SplitProvince, [NgheAn, Ministry], past);
        var systems = gateway.Services.GetRequiredService<SystemRegistry>();
        var (_, token) = systems.Add("dms-g22", [Office]);
        var (_, recipient) = systems.Add("dms-h41", [NgheAn]);
        var (_, second) = systems.Add("dms-h41-b", [NgheAn]);
        var (_, stranger) = systems.Add("dms-g14", [Ministry]);
        return new ExchangeGateway(dir, gateway, token, recipient, second) { StrangerToken = stranger };
    }

    internal long Count(string sql)
    {
        using var connection = Gateway.Services.GetRequiredService<SqliteStore>().OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
