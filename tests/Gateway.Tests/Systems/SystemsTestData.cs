using Gateway.Store.Sqlite;
using Gateway.Systems;
using Gateway.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Systems;

/// <summary>
/// Organisations and connected systems for tests. The organisation registry is another component;
/// these tests only need rows in its table, so they insert them directly.
/// </summary>
internal static class SystemsTestData
{
    public const string Ministry = "000.00.00.G22";
    public const string Province = "000.00.00.H44";
    public const string Commune = "000.01.24.H44";

    public static void InsertOrganizations(SqliteStore store, params string[] codes)
    {
        using var connection = store.OpenConnection();
        using var insert = connection.CreateCommand();
        insert.CommandText =
            "INSERT OR IGNORE INTO organizations (code, name, parent_code, enabled, created_at, updated_at) " +
            "VALUES ($code, $name, NULL, 1, 0, 0)";
        var code = insert.Parameters.Add("$code", Microsoft.Data.Sqlite.SqliteType.Text);
        var name = insert.Parameters.Add("$name", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var value in codes)
        {
            code.Value = value;
            name.Value = $"Test organisation {value}";
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>Registers a system in a running test gateway (inserting its organisations) and returns its token.</summary>
    public static string AddSystem(IServiceProvider services, string name, params string[] codes)
    {
        InsertOrganizations(services.GetRequiredService<SqliteStore>(), codes);
        return services.GetRequiredService<SystemRegistry>().Add(name, codes).Token;
    }

    public static SystemRegistry Registry(this TestGateway gateway) => gateway.Services.GetRequiredService<SystemRegistry>();

    public static SqliteStore Store(this TestGateway gateway) => gateway.Services.GetRequiredService<SqliteStore>();

    public static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };

    /// <summary>A token of the right shape that no store has issued.</summary>
    public static string UnknownToken() => BearerToken.Issue().Token;
}
