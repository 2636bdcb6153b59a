using Gateway.Cli;
using Gateway.Configuration;
using Gateway.Store.Sqlite;
using Gateway.Systems;
using Gateway.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using static Gateway.Tests.Systems.SystemsTestData;

namespace Gateway.Tests.Systems;

/// <summary>The interceptor called directly, as the gRPC host calls it before a service method.</summary>
public sealed class BearerAuthInterceptorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SqliteStore _store;
    private readonly SystemRegistry _registry;
    private readonly BearerAuthInterceptor _interceptor;

    public BearerAuthInterceptorTests()
    {
        _store = LocalStore.Open(_dir.Combine("data"));
        InsertOrganizations(_store, Ministry, Province);
        _registry = new SystemRegistry(_store, TimeProvider.System);
        _interceptor = new BearerAuthInterceptor(_registry, NullLogger<BearerAuthInterceptor>.Instance);
    }

    private Task<AuthenticatedCaller> CallAsync(Metadata headers) =>
        _interceptor.UnaryServerHandler<string, AuthenticatedCaller>("request", new FakeServerCallContext(headers),
            (_, context) => Task.FromResult(CallerContext.Get(context)));

    [Fact]
    public async Task Unary_ValidToken_MethodSeesTheCaller()
    {
        var token = _registry.Add("edoc", [Province, Ministry]).Token;

        var caller = await CallAsync(Bearer(token));

        Assert.Equal(new AuthenticatedCaller("edoc", [Ministry, Province]), caller);
    }

    [Fact]
    public async Task Unary_LowerCaseSchemeAndExtraSpaces_Accepted()
    {
        var token = _registry.Add("edoc", [Province]).Token;

        var caller = await CallAsync(new Metadata { { "authorization", $"  bearer   {token} " } });

        Assert.Equal("edoc", caller.SystemName);
    }

    [Fact]
    public async Task Streaming_NoToken_RefusedBeforeTheMethodRuns()
    {
        var ran = false;
        var context = new FakeServerCallContext([], "/axis.v1.DocumentExchange/Exchange");

        var error = await Assert.ThrowsAsync<RpcException>(() => _interceptor.DuplexStreamingServerHandler<string, string>(
            null!, null!, context, (_, _, _) =>
            {
                ran = true;
                return Task.CompletedTask;
            }));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.False(ran);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz", "'authorization' metadata uses the scheme 'Basic', not Bearer: send 'authorization: Bearer <token>'")]
    [InlineData("gw1_AAAAAAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "'authorization' metadata has no scheme: send 'authorization: Bearer <token>'")]
    [InlineData("Bearer", "empty bearer token: send metadata 'authorization: Bearer <token>'")]
    [InlineData("Bearer   ", "empty bearer token: send metadata 'authorization: Bearer <token>'")]
    [InlineData("Token:secret-value x", "'authorization' metadata uses the scheme, not Bearer: send 'authorization: Bearer <token>'")]
    public void ReadBearerToken_NotABearerToken_SaysWhyWithoutRepeatingTheCredential(string value, string expected)
    {
        var token = BearerAuthInterceptor.ReadBearerToken(new Metadata { { "authorization", value } }, out var problem);

        Assert.Null(token);
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void ReadBearerToken_TwoEntries_Refused()
    {
        var headers = new Metadata { { "authorization", "Bearer a" }, { "authorization", "Bearer b" } };

        Assert.Null(BearerAuthInterceptor.ReadBearerToken(headers, out var problem));
        Assert.StartsWith("2 'authorization' metadata entries", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unary_StoreNotOpen_FailsUnavailable()
    {
        var closed = new SqliteStore(
            new StoreOptions { DataDirectory = _dir.Combine("never-opened"), BusyTimeout = TimeSpan.FromSeconds(1), MaintenanceInterval = TimeSpan.FromHours(1) },
            TimeProvider.System, NullLogger<SqliteStore>.Instance);
        var interceptor = new BearerAuthInterceptor(new SystemRegistry(closed, TimeProvider.System), NullLogger<BearerAuthInterceptor>.Instance);

        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>(
            "request", new FakeServerCallContext(Bearer(UnknownToken())), (r, _) => Task.FromResult(r)));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }
}
