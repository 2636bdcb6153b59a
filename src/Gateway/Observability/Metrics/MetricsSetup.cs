using System.Reflection;
using Gateway.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Gateway.Observability.Metrics;

/// <summary>
/// Wires the instruments to their exporters: Prometheus text on its own HTTP/1.1 listener
/// (Metrics:Endpoint, only <c>/metrics</c>), and an OTLP push when Metrics:OtlpEndpoint is set.
/// The gRPC listeners never serve metrics, and the metrics listener serves nothing else.
/// </summary>
internal static class MetricsSetup
{
    public const string ScrapePath = "/metrics";

    // Set on every connection accepted by the metrics listener, so requests can be told apart
    // whatever port the listener got (tests bind port 0).
    private const string ConnectionMark = "gateway.metrics-listener";

    /// <summary>Other meters worth an operator's dashboard: connections and requests, GC and thread pool.</summary>
    private static readonly string[] PlatformMeters =
        ["Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Hosting", "System.Runtime"];

    public static void Add(IServiceCollection services, GatewayOptions options)
    {
        var settings = options.Metrics;
        services.AddSingleton(settings);
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<QueueSampler>();
        services.AddHostedService(provider => provider.GetRequiredService<QueueSampler>());
        services.AddSingleton<GatewayGauges>();

        var version = typeof(MetricsSetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("axis-gateway", serviceVersion: version))
            .WithMetrics(metrics =>
        {
            metrics.AddMeter(GatewayMetrics.MeterName);
            metrics.AddMeter(PlatformMeters);
            if (settings.Endpoint is not null)
            {
                // Every scrape collects afresh: a cached answer would hide what just happened.
                metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            }

            if (settings.OtlpEndpoint is { } collector)
            {
                metrics.AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = collector;
                    exporter.Protocol = OtlpExportProtocol.Grpc;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.OtlpInterval.TotalMilliseconds;
                });
            }
        });
    }

    /// <summary>The metrics listener: HTTP/1.1 (what Prometheus scrapes with), its connections marked.</summary>
    public static void Listen(KestrelServerOptions kestrel, MetricsOptions settings)
    {
        if (settings.Endpoint is not { } endpoint)
            return;
        kestrel.Listen(endpoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.Use(next => connection =>
            {
                connection.Items[ConnectionMark] = true;
                return next(connection);
            });
        });
    }

    /// <summary>Serves the scrape endpoint, before any other middleware, on the metrics listener only.</summary>
    public static void Map(WebApplication app, MetricsOptions settings)
    {
        // The instruments observed at collection time exist from the start, not from first use.
        app.Services.GetRequiredService<GatewayGauges>();
        if (settings.Endpoint is null)
            return;

        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: context => OnMetricsListener(context) && context.Request.Path == ScrapePath,
            path: null,
            configureBranchedPipeline: null,
            optionsName: null);
        app.Use((context, next) =>
        {
            if (!OnMetricsListener(context))
                return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync($"not found: this listener serves only GET {ScrapePath}\n");
        });
    }

    private static bool OnMetricsListener(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ConnectionMark) == true;
}
