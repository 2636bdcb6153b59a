using Gateway.Admin;
using Gateway.Configuration;
using Gateway.Exchange;
using Gateway.Jobs;
using Gateway.Peering;
using Gateway.Pipeline;
using Gateway.Queues;
using Gateway.Store.Blobs;
using Gateway.Store.Sqlite;
using Gateway.Systems;
using Gateway.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Hosting;

/// <summary>The daemon's services and the gRPC endpoints they serve.</summary>
internal static class GatewayServices
{
    /// <summary>Health service names that follow the daemon's serving state ("" is the whole server).</summary>
    public static readonly string[] HealthServiceNames =
    [
        "",
        Protocol.V1.DocumentExchange.Descriptor.FullName,
        Protocol.V1.GatewayPeering.Descriptor.FullName,
        Protocol.V1.Admin.Descriptor.FullName,
    ];

    public static void Add(IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(options.Store);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ServingState>();
        services.AddSingleton<SqliteStore>();
        services.AddSingleton<Registry.OrgRegistry>();
        services.AddSingleton(options.Pipeline);
        services.AddSingleton<BlobStore>();
        services.AddSingleton<PersistStage>();
        Signatures.SignatureSetup.Add(services, options);
        Receipts.ReceiptSetup.Add(services, options);
        services.AddSingleton<DeliveryMessages>();
        services.AddSingleton<DeliveryNotifier>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<SettleStage>();
        services.AddSingleton<StatusReporter>();
        services.AddSingleton<TraceReader>();
        services.AddSingleton<AuditCheckpointJob>();
        services.AddHostedService<DaemonLifecycle>();
        Observability.Metrics.MetricsSetup.Add(services, options);
        JobsSetup.Add(services, options, TimeProvider.System);

        services.AddSingleton<SystemRegistry>();
        ClientCertificateSetup.Add(services, options);
        services.AddSingleton<BearerAuthInterceptor>();

        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.Limits.MaxReceiveMessageBytes;
            grpc.EnableDetailedErrors = false;
        })
            // Connected systems authenticate by bearer token or client certificate on DocumentExchange
            // only; health and reflection stay open, Peering and Admin get their own rules.
            .AddServiceOptions<DocumentExchangeService>(exchange => exchange.Interceptors.Add<BearerAuthInterceptor>());
        services.AddGrpcReflection();

        services.AddGrpcHealthChecks(health =>
            {
                health.Services.Clear();
                foreach (var name in HealthServiceNames)
                    health.Services.Map(name, check => check.Tags.Contains(ServingHealthCheck.Tag));
            })
            .AddCheck<ServingHealthCheck>("serving", tags: [ServingHealthCheck.Tag]);

        // Watch streams learn of a change within a second; Check always computes afresh.
        services.Configure<HealthCheckPublisherOptions>(publisher =>
        {
            publisher.Delay = TimeSpan.Zero;
            publisher.Period = TimeSpan.FromSeconds(1);
        });
    }

    public static void Map(WebApplication app)
    {
        Observability.Metrics.MetricsSetup.Map(app, app.Services.GetRequiredService<GatewayOptions>().Metrics);
        app.MapGrpcService<DocumentExchangeService>();
        app.MapGrpcService<GatewayPeeringService>();
        app.MapGrpcService<AdminService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
    }
}
