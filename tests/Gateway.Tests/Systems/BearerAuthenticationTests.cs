using System.Diagnostics;
using System.Text.Json;
using Gateway.Cli;
using Gateway.Protocol.V1;
using Gateway.Systems;
using Gateway.Tests.Support;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using static Gateway.Tests.Systems.SystemsTestData;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Gateway.Tests.Systems;

/// <summary>
/// Bearer-token authentication of axis.v1.DocumentExchange on the real app over real Kestrel, with
/// the admin CLI as a separate process beside it. Health and reflection stay open.
/// </summary>
public sealed class BearerAuthenticationTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();
    private TestGateway? _gateway;

    private TestGateway Gateway => _gateway!;

    private string Data => _dir.Combine("data");

    private DocumentExchange.DocumentExchangeClient Exchange => new(Gateway.Channel);

    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(15);

    public async ValueTask InitializeAsync() => _gateway = await TestGateway.StartAsync(Data);

    private Task<RpcException> GetTraceFailsAsync(Metadata? headers) =>
        Assert.ThrowsAsync<RpcException>(async () =>
            await Exchange.GetTraceAsync(new GetTraceRequest { DocumentId = "x" }, headers, Deadline));

    /// <summary>
    /// OK, or the status GetTrace failed with. Tests of authentication look only at whether the call
    /// got past it, so they hold whatever GetTrace itself answers (UNIMPLEMENTED today).
    /// </summary>
    private async Task<StatusCode> GetTraceStatusAsync(Metadata? headers)
    {
        try
        {
            await Exchange.GetTraceAsync(new GetTraceRequest { DocumentId = "x" }, headers, Deadline);
            return StatusCode.OK;
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }

    /// <summary>The call was authenticated and reached the method, which ran without crashing.</summary>
    private static void AssertReachedTheMethod(StatusCode status) =>
        Assert.True(status is not (StatusCode.Unauthenticated or StatusCode.Unknown or StatusCode.Internal or StatusCode.Unavailable),
            $"expected the call to reach GetTrace, got {status}");

    private static void AssertUnauthenticated(RpcException error, string detail)
    {
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(detail, error.Status.Detail);
    }

    [Fact]
    public async Task GetTrace_NoToken_FailsUnauthenticatedSayingHowToSendOne()
    {
        AssertUnauthenticated(await GetTraceFailsAsync(null),
            "missing bearer token: send metadata 'authorization: Bearer <token>' (gateway systems add prints one)");
    }

    [Fact]
    public async Task Upload_NoToken_FailsUnauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = Exchange.Upload(deadline: Deadline);
            await call.RequestStream.WriteAsync(new UploadRequest { Chunk = Google.Protobuf.ByteString.CopyFromUtf8("x") });
            await call.RequestStream.CompleteAsync();
            await call;
        });

        AssertUnauthenticated(error, BearerAuthInterceptor.MissingMessage);
    }

    [Fact]
    public async Task Fetch_NoToken_FailsUnauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = Exchange.Fetch(new FetchRequest { FetchHandle = "x" }, deadline: Deadline);
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        AssertUnauthenticated(error, BearerAuthInterceptor.MissingMessage);
    }

    [Fact]
    public async Task Exchange_NoToken_FailsUnauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = Exchange.Exchange(deadline: Deadline);
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        AssertUnauthenticated(error, BearerAuthInterceptor.MissingMessage);
    }

    [Fact]
    public async Task GetTrace_BasicScheme_FailsUnauthenticated()
    {
        AssertUnauthenticated(await GetTraceFailsAsync(new Metadata { { "authorization", "Basic dXNlcjpwYXNz" } }),
            "'authorization' metadata uses the scheme 'Basic', not Bearer: send 'authorization: Bearer <token>'");
    }

    [Fact]
    public async Task GetTrace_MalformedToken_FailsUnauthenticatedSayingTheShape()
    {
        AssertUnauthenticated(await GetTraceFailsAsync(Bearer("not-a-token")),
            "malformed bearer token: expected gw1_<16-character id>_<43-character secret>, as printed by 'gateway systems add'");
    }

    [Fact]
    public async Task GetTrace_UnknownToken_FailsUnauthenticated()
    {
        AddSystem(Gateway.Services, "edoc", Ministry);

        AssertUnauthenticated(await GetTraceFailsAsync(Bearer(UnknownToken())), "unknown token");
    }

    [Fact]
    public async Task GetTrace_ValidToken_ReachesTheMethod()
    {
        var token = AddSystem(Gateway.Services, "edoc", Ministry);

        AssertReachedTheMethod(await GetTraceStatusAsync(Bearer(token)));
    }

    [Fact]
    public async Task GetTrace_RevokedInProcess_FailsUnauthenticatedAtOnceNamingWhen()
    {
        var token = AddSystem(Gateway.Services, "edoc", Ministry);
        AssertReachedTheMethod(await GetTraceStatusAsync(Bearer(token)));

        var (system, _) = Gateway.Registry().Revoke("edoc");

        AssertUnauthenticated(await GetTraceFailsAsync(Bearer(token)), $"token revoked at {SystemRegistry.FormatTime(system.RevokedAt!.Value)}");
    }

    [Fact]
    public async Task GetTrace_RevokedByTheCliWhileRunning_RefusedWithinTheCacheBound()
    {
        var token = AddSystem(Gateway.Services, "edoc", Ministry);
        AssertReachedTheMethod(await GetTraceStatusAsync(Bearer(token)));

        await using var cli = DaemonProcess.Start(_dir.Path, "systems", "revoke", "edoc", "--data", Data);
        Assert.Equal(ExitCodes.Ok, await cli.WaitForExitAsync(Timeout));
        var revokedAt = Stopwatch.StartNew();

        // Poll until refused; the documented bound plus scheduling slack is the limit.
        var limit = SystemRegistry.CacheBound + TimeSpan.FromSeconds(3);
        while (await GetTraceStatusAsync(Bearer(token)) != StatusCode.Unauthenticated)
        {
            Assert.True(revokedAt.Elapsed <= limit, $"still accepted {revokedAt.Elapsed} after the CLI revoked it");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(revokedAt.Elapsed <= limit, $"refused only after {revokedAt.Elapsed}");
        var error = await GetTraceFailsAsync(Bearer(token));
        Assert.StartsWith("token revoked at ", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTrace_SystemAddedByTheCliWhileRunning_AcceptedAtOnce()
    {
        InsertOrganizations(Gateway.Store(), Province);
        await using var cli = DaemonProcess.Start(_dir.Path, "systems", "add", "--name", "late", "--org", Province, "--json", "--data", Data);
        Assert.Equal(ExitCodes.Ok, await cli.WaitForExitAsync(Timeout));
        var token = JsonDocument.Parse(string.Join('\n', cli.StandardOutput)).RootElement.GetProperty("token").GetString()!;

        AssertReachedTheMethod(await GetTraceStatusAsync(Bearer(token)));
    }

    [Fact]
    public async Task UnknownMethod_NoToken_FailsUnimplementedAsForAnyCaller()
    {
        // gRPC answers a method that does not exist before any service interceptor runs; it reveals
        // nothing reflection does not already list.
        var method = new Method<GetTraceRequest, GetTraceResponse>(MethodType.Unary, "axis.v1.DocumentExchange", "NoSuchMethod",
            Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), GetTraceRequest.Parser.ParseFrom),
            Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), GetTraceResponse.Parser.ParseFrom));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Gateway.Channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(deadline: Deadline), new GetTraceRequest()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task HealthCheck_NoToken_Serving()
    {
        var response = await new Health.HealthClient(Gateway.Channel)
            .CheckAsync(new HealthCheckRequest { Service = "axis.v1.DocumentExchange" }, deadline: Deadline);

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_NoToken_ListsServices()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var call = new ServerReflection.ServerReflectionClient(Gateway.Channel).ServerReflectionInfo(cancellationToken: cts.Token);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, cts.Token);
        await call.RequestStream.CompleteAsync();

        Assert.True(await call.ResponseStream.MoveNext(cts.Token));
        Assert.Contains("axis.v1.DocumentExchange", call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
            await _gateway.DisposeAsync();
        _dir.Dispose();
    }
}
