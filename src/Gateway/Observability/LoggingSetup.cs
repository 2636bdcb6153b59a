using Gateway.Configuration;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Settings.Configuration;

namespace Gateway.Observability;

/// <summary>
/// Builds the Serilog logger from <see cref="LogOptions"/>. A "Serilog" configuration section, when
/// present, is applied on top for fine-grained overrides (per-namespace levels, extra sinks).
/// </summary>
internal static class LoggingSetup
{
    private const string TextTemplate =
        "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(LogOptions options, IConfiguration configuration)
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(options.MinimumLevel)
            // Framework chatter stays out unless something goes wrong; the gateway logs its own lifecycle.
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
            .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
            // The health publisher polls every second and would log each NOT_SERVING poll as an error
            // while starting or draining; the lifecycle events already say so once.
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
            .Enrich.FromLogContext();

        if (configuration.GetSection("Serilog").Exists())
            config.ReadFrom.Configuration(configuration, new ConfigurationReaderOptions { SectionName = "Serilog" });

        if (options.Format == LogFormat.Json)
            config.WriteTo.Console(new CompactJsonFormatter());
        else
            config.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);

        if (options.FilePath is { } path)
        {
            if (options.Format == LogFormat.Json)
            {
                config.WriteTo.File(new CompactJsonFormatter(), path, rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: options.RetainedFileCount);
            }
            else
            {
                config.WriteTo.File(path, outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                    rollingInterval: RollingInterval.Day, retainedFileCountLimit: options.RetainedFileCount);
            }
        }

        return config.CreateLogger();
    }
}
