using Gateway.Protocol.V1;
using Gateway.Tests.Support;
using Gateway.Tests.Systems;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Tests.Hosting;

/// <summary>
/// Services that are part of the contract but not built yet answer every call with UNIMPLEMENTED,
/// the status gRPC clients know how to handle, and never pretend to work. DocumentExchange calls carry
/// a valid bearer token, so they pass authentication and reach the method (Systems/ tests cover the
/// refusals); GatewayPeering and Admin are not behind bearer authentication and are called without.
/// Send is built (Exchange/SendTests.cs).
/// </summary>
public sealed class UnimplementedTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private TestGateway? _gateway;

    private Metadata? _bearer;

    private GrpcChannel Channel => _gateway!.Channel;

    private DocumentExchange.DocumentExchangeClient Exchange => new(Channel);

    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(15);

    public async ValueTask InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync(_dir.Combine("data"));
        _bearer = SystemsTestData.Bearer(SystemsTestData.AddSystem(_gateway.Services, "unimplemented-tests", SystemsTestData.Ministry));
    }

    private static async Task AssertUnimplemented(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public Task Forward_NotBuilt_FailsWithUnimplemented() =>
        AssertUnimplemented(async () =>
        {
            using var call = new GatewayPeering.GatewayPeeringClient(Channel).Forward(deadline: Deadline);
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

    [Fact]
    public Task ListOrganizations_NotBuilt_FailsWithUnimplemented() =>
        AssertUnimplemented(async () => await new Protocol.V1.Admin.AdminClient(Channel).ListOrganizationsAsync(new ListOrganizationsRequest(), deadline: Deadline));

    [Fact]
    public Task UnknownMethod_FailsWithUnimplemented()
    {
        var method = new Method<SendRequest, SendResponse>(MethodType.Unary, "axis.v1.DocumentExchange", "NoSuchMethod",
            Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), SendRequest.Parser.ParseFrom),
            Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), SendResponse.Parser.ParseFrom));
        return AssertUnimplemented(async () => await Channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(_bearer, Deadline), new SendRequest()));
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
            await _gateway.DisposeAsync();
        _dir.Dispose();
    }
}
