using System.Security.Cryptography;
using Gateway.Cli;
using Gateway.Store.Sqlite;
using Gateway.Systems;
using Gateway.Tests.Support;
using static Gateway.Tests.Systems.SystemsTestData;

namespace Gateway.Tests.Systems;

public sealed class SystemRegistryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly SqliteStore _store;
    private readonly ManualTimeProvider _time = new(Start);
    private readonly SystemRegistry _registry;

    public SystemRegistryTests()
    {
        _store = LocalStore.Open(_dir.Combine("data"));
        InsertOrganizations(_store, Ministry, Province, Commune);
        _registry = new SystemRegistry(_store, _time);
    }

    [Fact]
    public void Add_KnownOrgs_ReturnsSystemAndATokenThatAuthenticates()
    {
        var (system, token) = _registry.Add("edoc-g22", [Province, Ministry]);

        Assert.Equal("edoc-g22", system.Name);
        Assert.Equal([Ministry, Province], system.OrgCodes);
        Assert.Equal(Start, system.CreatedAt);
        Assert.Null(system.RevokedAt);
        Assert.Matches("^gw1_[A-Za-z0-9_-]{16}_[A-Za-z0-9_-]{43}$", token);
        var result = _registry.Authenticate(token);
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal("edoc-g22", result.System!.Name);
        Assert.Equal(system.OrgCodes, result.System.OrgCodes);
        Assert.Equal(Start, result.System.CreatedAt);
    }

    [Fact]
    public void Add_Twice_IssuesDifferentTokens()
    {
        var first = _registry.Add("a", [Ministry]).Token;
        var second = _registry.Add("b", [Ministry]).Token;

        Assert.NotEqual(first, second);
        Assert.NotEqual(first[4..20], second[4..20]);
    }

    [Fact]
    public void Add_StoresOnlyTheIdAndASaltedSha256OfTheSecret()
    {
        var token = _registry.Add("edoc", [Ministry]).Token;

        using var connection = _store.OpenConnection();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT token_id, token_salt, token_hash FROM systems WHERE name = 'edoc'";
        using var row = read.ExecuteReader();
        Assert.True(row.Read());
        var id = row.GetString(0);
        var salt = (byte[])row.GetValue(1);
        var hash = (byte[])row.GetValue(2);
        Assert.Equal(token[4..20], id);
        Assert.Equal(16, salt.Length);
        var secret = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(21));
        Assert.Equal(SHA256.HashData([.. salt, .. secret]), hash);
        var dump = File.ReadAllBytes(_store.DatabasePath).Concat(ReadWal()).ToArray();
        Assert.Equal(-1, dump.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(token[21..])));
        Assert.Equal(-1, dump.AsSpan().IndexOf(secret));
    }

    private byte[] ReadWal()
    {
        var wal = _store.DatabasePath + "-wal";
        return File.Exists(wal) ? File.ReadAllBytes(wal) : [];
    }

    [Fact]
    public void Add_DuplicateOrgCodes_RegistersEachOnce()
    {
        var (system, _) = _registry.Add("edoc", [Ministry, Ministry, Commune]);

        Assert.Equal([Ministry, Commune], system.OrgCodes);
        Assert.Equal([Ministry, Commune], Assert.Single(_registry.List()).OrgCodes);
    }

    [Fact]
    public void Add_UnknownOrgs_FailsNamingEveryMissingCodeAndStoresNothing()
    {
        var error = Assert.Throws<SystemsException>(() => _registry.Add("edoc", [Ministry, "000.00.00.Z99", "000.00.00.Z98"]));

        Assert.Equal(SystemsError.UnknownOrgs, error.Error);
        Assert.Equal(
            "unknown organisation codes '000.00.00.Z98', '000.00.00.Z99': not in the organisation registry (add them with 'gateway orgs import FILE' first)",
            error.Message);
        Assert.Empty(_registry.List());
    }

    [Fact]
    public void Add_OneUnknownOrg_FailsNamingIt()
    {
        var error = Assert.Throws<SystemsException>(() => _registry.Add("edoc", ["000.00.00.g22"]));

        Assert.StartsWith("unknown organisation code '000.00.00.g22': ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_NoOrgs_Fails()
    {
        var error = Assert.Throws<SystemsException>(() => _registry.Add("edoc", []));

        Assert.Equal(SystemsError.InvalidOrgs, error.Error);
        Assert.Contains("at least one organisation code", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("hệ-thống")]
    public void Add_InvalidName_Fails(string name)
    {
        var error = Assert.Throws<SystemsException>(() => _registry.Add(name, [Ministry]));

        Assert.Equal(SystemsError.InvalidName, error.Error);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Edoc_G22.v2-test")]
    public void Add_ValidName_Succeeds(string name)
    {
        Assert.Equal(name, _registry.Add(name, [Ministry]).System.Name);
    }

    [Fact]
    public void Add_NameLength_SixtyFourAcceptedSixtyFiveRefused()
    {
        Assert.Equal(64, _registry.Add(new string('n', 64), [Ministry]).System.Name.Length);

        var error = Assert.Throws<SystemsException>(() => _registry.Add(new string('n', 65), [Ministry]));

        Assert.Equal("system name must be 1 to 64 characters, got 65", error.Message);
    }

    [Fact]
    public void Add_NameTaken_Fails()
    {
        _registry.Add("edoc", [Ministry]);

        var error = Assert.Throws<SystemsException>(() => _registry.Add("edoc", [Province]));

        Assert.Equal(SystemsError.NameTaken, error.Error);
        Assert.Equal("a system named 'edoc' already exists", error.Message);
    }

    [Fact]
    public void Add_NameOfRevokedSystem_FailsSayingNamesAreNotReused()
    {
        _registry.Add("edoc", [Ministry]);
        _registry.Revoke("edoc");

        var error = Assert.Throws<SystemsException>(() => _registry.Add("edoc", [Ministry]));

        Assert.Equal("a system named 'edoc' already exists (revoked at 2026-11-23T08:00:00.000Z; names are not reused)", error.Message);
    }

    [Fact]
    public void List_SystemsOfEveryState_OrderedByNameWithOrgsAndRevocation()
    {
        _registry.Add("b-system", [Commune, Ministry]);
        _time.Advance(TimeSpan.FromMinutes(1));
        _registry.Add("a-system", [Province]);
        _time.Advance(TimeSpan.FromMinutes(1));
        _registry.Revoke("b-system");

        var systems = _registry.List();

        Assert.Equal(["a-system", "b-system"], systems.Select(s => s.Name));
        Assert.Equal([Province], systems[0].OrgCodes);
        Assert.Null(systems[0].RevokedAt);
        Assert.Equal([Ministry, Commune], systems[1].OrgCodes);
        Assert.Equal(Start, systems[1].CreatedAt);
        Assert.Equal(Start.AddMinutes(2), systems[1].RevokedAt);
    }

    [Fact]
    public void Revoke_UnknownName_Fails()
    {
        var error = Assert.Throws<SystemsException>(() => _registry.Revoke("nobody"));

        Assert.Equal(SystemsError.UnknownSystem, error.Error);
        Assert.Equal("no system named 'nobody' (see 'gateway systems list')", error.Message);
    }

    [Fact]
    public void Revoke_Twice_SecondChangesNothingAndSaysSo()
    {
        _registry.Add("edoc", [Ministry]);
        var first = _registry.Revoke("edoc");
        _time.Advance(TimeSpan.FromHours(1));

        var second = _registry.Revoke("edoc");

        Assert.False(first.WasAlreadyRevoked);
        Assert.True(second.WasAlreadyRevoked);
        Assert.Equal(Start, second.System.RevokedAt);
    }

    [Fact]
    public void Authenticate_RevokedToken_RefusedNamingWhen()
    {
        var token = _registry.Add("edoc", [Ministry]).Token;
        Assert.True(_registry.Authenticate(token).Succeeded);
        _time.Advance(TimeSpan.FromSeconds(1.5));

        _registry.Revoke("edoc");

        Assert.Equal(AuthenticationResult.Refused("token revoked at 2026-11-23T08:00:01.500Z"), _registry.Authenticate(token));
    }

    [Fact]
    public void Authenticate_UnknownToken_RefusedAsUnknown()
    {
        _registry.Add("edoc", [Ministry]);

        Assert.Equal(AuthenticationResult.Refused("unknown token"), _registry.Authenticate(UnknownToken()));
    }

    [Fact]
    public void Authenticate_KnownIdWrongSecret_RefusedAsUnknownEvenWhenRevokedOrCached()
    {
        var token = _registry.Add("edoc", [Ministry]).Token;
        var forged = token[..21] + UnknownToken()[21..];

        Assert.Equal("unknown token", _registry.Authenticate(forged).Failure);
        Assert.True(_registry.Authenticate(token).Succeeded); // now cached
        Assert.Equal("unknown token", _registry.Authenticate(forged).Failure);
        _registry.Revoke("edoc");
        Assert.Equal("unknown token", _registry.Authenticate(forged).Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("gw1_")]
    [InlineData("Bearer gw1_AAAAAAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("gw2_AAAAAAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("gw1_AAAAAAAAAAAAAAAA-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("gw1_AAAAAAAAAAAAAAA+_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("gw1_AAAAAAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("gw1_AAAAAAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("gw1_AAAAAAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB")] // non-canonical last character
    [InlineData(" gw1_AAAAAAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Authenticate_Malformed_RefusedSayingTheExpectedShape(string token)
    {
        var result = _registry.Authenticate(token);

        Assert.False(result.Succeeded);
        Assert.Equal("malformed bearer token: expected gw1_<16-character id>_<43-character secret>, as printed by 'gateway systems add'", result.Failure);
    }

    [Fact]
    public void Authenticate_WellFormedAllZeroToken_IsUnknownNotMalformed()
    {
        Assert.Equal("unknown token", _registry.Authenticate("gw1_AAAAAAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").Failure);
    }

    [Fact]
    public void Authenticate_RevokedInAnotherProcess_RefusedOnceTheCacheBoundHasPassed()
    {
        var token = _registry.Add("edoc", [Ministry]).Token;
        Assert.True(_registry.Authenticate(token).Succeeded);
        using var cliStore = LocalStore.Open(_dir.Combine("data"));
        new SystemRegistry(cliStore, _time).Revoke("edoc");

        _time.Advance(SystemRegistry.CacheBound - TimeSpan.FromMilliseconds(1));
        Assert.True(_registry.Authenticate(token).Succeeded);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("token revoked at 2026-11-23T08:00:00.000Z", _registry.Authenticate(token).Failure);
    }

    [Fact]
    public void Authenticate_SystemAddedInAnotherProcess_AcceptedAtOnce()
    {
        Assert.False(_registry.Authenticate(UnknownToken()).Succeeded);
        using var cliStore = LocalStore.Open(_dir.Combine("data"));

        var token = new SystemRegistry(cliStore, _time).Add("edoc", [Ministry]).Token;

        Assert.True(_registry.Authenticate(token).Succeeded);
    }

    [Fact]
    public void Authenticate_WithinCacheBound_AnswersFromMemoryWithoutReadingTheStore()
    {
        var token = _registry.Add("edoc", [Ministry]).Token;
        Assert.True(_registry.Authenticate(token).Succeeded);
        using (var connection = _store.OpenConnection())
        using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM system_orgs; DELETE FROM systems;";
            delete.ExecuteNonQuery();
        }

        _time.Advance(SystemRegistry.CacheBound / 2);
        Assert.True(_registry.Authenticate(token).Succeeded);
        _time.Advance(SystemRegistry.CacheBound / 2);
        Assert.Equal("unknown token", _registry.Authenticate(token).Failure);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }
}
