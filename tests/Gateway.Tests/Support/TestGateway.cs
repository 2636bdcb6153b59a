using Gateway.Configuration;
using Gateway.Hosting;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Support;

/// <summary>
/// The real daemon application on real Kestrel, listening on a free loopback port, in this process.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestGateway(WebApplication app, Uri address, string dataDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
    }

    public Uri Address { get; }

    /// <summary>The gateway's data directory (absolute).</summary>
    public string DataDirectory { get; }

    public GrpcChannel Channel { get; }

    internal IServiceProvider Services => _app.Services;

    /// <summary>Starts a gateway with the given settings on top of test defaults (h2c on port 0).</summary>
    public static async Task<TestGateway> StartAsync(string dataDirectory, IDictionary<string, string?>? settings = null, bool waitForServing = true, TimeProvider? clock = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Grpc:Endpoint"] = "127.0.0.1:0",
            ["Store:DataDirectory"] = dataDirectory,
            ["Log:MinimumLevel"] = "warning",
            ["Shutdown:GracePeriod"] = "5s",
            // Most tests are about the exchange, with unsigned documents; signature tests turn this on.
            ["Signatures:Required"] = "false",
            // Gateways run side by side in the tests: metrics tests give theirs a port of its own.
            ["Metrics:Endpoint"] = "",
        };
        foreach (var pair in settings ?? new Dictionary<string, string?>())
            all[pair.Key] = pair.Value;

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var options = OptionsReader.Read(configuration);
        var app = GatewayApp.Build(options, configuration, clock is null ? null : services => services.AddSingleton(clock));

        var start = app.StartAsync();
        if (waitForServing)
            await start.WaitAsync(TimeSpan.FromSeconds(30));

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new TestGateway(app, new Uri(addresses.First()), options.Store.DataDirectory);
    }

    /// <summary>Addresses Kestrel listens on (h2c first, then TLS when configured).</summary>
    public IReadOnlyList<Uri> Addresses =>
        [.. _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a))];

    private bool _disposed;

    /// <summary>Stops the gateway (a clean stop, as on SIGTERM). Safe to call twice; the data directory stays.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        Channel.Dispose();
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
