using Gateway.Tests.Support;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Gateway.Tests.Hosting;

public sealed class TlsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private async Task<(TestGateway Gateway, TestPki Pki)> StartWithTlsAsync()
    {
        var pki = new TestPki(_dir.Path);
        var gateway = await TestGateway.StartAsync(_dir.Combine("data"), new Dictionary<string, string?>
        {
            ["Grpc:Tls:Endpoint"] = "127.0.0.1:0",
            ["Grpc:Tls:CertificateFile"] = pki.CertificateFile,
            ["Grpc:Tls:KeyFile"] = pki.KeyFile,
        });
        return (gateway, pki);
    }

    [Fact]
    public async Task Check_OverTlsTrustingTheTestRoot_Serving()
    {
        var (gateway, pki) = await StartWithTlsAsync();
        await using var _ = gateway;
        using var __ = pki;
        var tls = gateway.Addresses.Single(a => a.Scheme == "https");

        using var channel = GrpcChannel.ForAddress($"https://localhost:{tls.Port}", new GrpcChannelOptions { HttpHandler = pki.CreateTrustingHandler() });
        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(15));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_OverTlsWithoutTrustingTheRoot_FailsToConnect()
    {
        var (gateway, pki) = await StartWithTlsAsync();
        await using var _ = gateway;
        using var __ = pki;
        var tls = gateway.Addresses.Single(a => a.Scheme == "https");

        using var channel = GrpcChannel.ForAddress($"https://localhost:{tls.Port}");
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(15)));

        // The handshake fails on the client, before any HTTP/2 exchange: grpc-dotnet reports it as
        // INTERNAL with the TLS error, not as a server answer.
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("SSL connection could not be established", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithTls_ServesBothListeners()
    {
        var (gateway, pki) = await StartWithTlsAsync();
        await using var _ = gateway;
        using var __ = pki;

        Assert.Equal(["http", "https"], gateway.Addresses.Select(a => a.Scheme).Order().ToArray());
        var plain = await new Health.HealthClient(gateway.Channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(15));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, plain.Status);
    }

    public void Dispose() => _dir.Dispose();
}
