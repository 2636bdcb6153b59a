using Gateway.Configuration;
using Gateway.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Gateway.Hosting;

/// <summary>Builds the daemon's web application from validated options.</summary>
internal static class GatewayApp
{
    /// <param name="overrides">Replaces registrations after the defaults (tests use it for a manual clock).</param>
    public static WebApplication Build(GatewayOptions options, IConfiguration configuration, Action<IServiceCollection>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = Environments.Production,
        });

        // Configuration was already read and validated; the host sees the same sources and nothing else.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);

        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(LoggingSetup.Create(options.Log, configuration), dispose: true);

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.Shutdown.GracePeriod);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            KestrelSetup.Configure(kestrel, options.Grpc);
            Observability.Metrics.MetricsSetup.Listen(kestrel, options.Metrics);
        });

        GatewayServices.Add(builder.Services, options);
        overrides?.Invoke(builder.Services);
        var app = builder.Build();
        GatewayServices.Map(app);
        return app;
    }
}
