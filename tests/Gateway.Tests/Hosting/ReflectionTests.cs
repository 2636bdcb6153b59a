using Gateway.Tests.Support;
using Grpc.Reflection.V1Alpha;

namespace Gateway.Tests.Hosting;

public sealed class ReflectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task ListServices_Running_ListsTheContractAndHealth()
    {
        await using var gateway = await TestGateway.StartAsync(_dir.Combine("data"));
        var client = new ServerReflection.ServerReflectionClient(gateway.Channel);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        using var call = client.ServerReflectionInfo(cancellationToken: cts.Token);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, cts.Token);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(cts.Token));

        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToHashSet();
        Assert.Contains("axis.v1.DocumentExchange", names);
        Assert.Contains("axis.v1.GatewayPeering", names);
        Assert.Contains("axis.v1.Admin", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }

    [Fact]
    public async Task FileContainingSymbol_ExchangeService_ReturnsItsDescriptor()
    {
        await using var gateway = await TestGateway.StartAsync(_dir.Combine("data"));
        var client = new ServerReflection.ServerReflectionClient(gateway.Channel);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        using var call = client.ServerReflectionInfo(cancellationToken: cts.Token);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "axis.v1.DocumentExchange" }, cts.Token);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(cts.Token));

        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto
            .Select(b => Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(b).Name).ToList();
        Assert.Contains("axis/v1/exchange.proto", files);
    }

    public void Dispose() => _dir.Dispose();
}
