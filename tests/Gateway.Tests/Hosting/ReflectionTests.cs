using Gateway.Tests.Support;
using Grpc.Reflection.V1Alpha;

namespace Gateway.Tests.Hosting;

public sealed class ReflectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    /// <summary>One request on the reflection stream of a freshly started gateway, and its answer.</summary>
    private async Task<ServerReflectionResponse> AskAsync(ServerReflectionRequest request)
    {
        await using var gateway = await TestGateway.StartAsync(_dir.Combine("data"));
        var client = new ServerReflection.ServerReflectionClient(gateway.Channel);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        using var call = client.ServerReflectionInfo(cancellationToken: cts.Token);
        await call.RequestStream.WriteAsync(request, cts.Token);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(cts.Token));
        return call.ResponseStream.Current;
    }

    [Fact]
    public async Task ListServices_Running_ListsTheContractAndHealth()
    {
        var response = await AskAsync(new ServerReflectionRequest { ListServices = "" });

        var names = response.ListServicesResponse.Service.Select(s => s.Name).ToHashSet();
        Assert.Contains("axis.v1.DocumentExchange", names);
        Assert.Contains("axis.v1.GatewayPeering", names);
        Assert.Contains("axis.v1.Admin", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }

    [Fact]
    public async Task FileContainingSymbol_ExchangeService_ReturnsItsDescriptor()
    {
        var response = await AskAsync(new ServerReflectionRequest { FileContainingSymbol = "axis.v1.DocumentExchange" });

        var files = response.FileDescriptorResponse.FileDescriptorProto
            .Select(b => Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(b).Name).ToList();
        Assert.Contains("axis/v1/exchange.proto", files);
    }

    public void Dispose() => _dir.Dispose();
}
