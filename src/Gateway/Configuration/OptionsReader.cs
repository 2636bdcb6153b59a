using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Serilog.Events;

namespace Gateway.Configuration;

/// <summary>
/// Builds <see cref="GatewayOptions"/> from configuration and validates it, failing on the first bad
/// value with a <see cref="ConfigurationException"/>. Unknown keys in the gateway's own sections are
/// refused too, so a misspelt setting is not silently ignored.
/// </summary>
internal static partial class OptionsReader
{
    /// <summary>Every key the gateway reads, with its default. docs/configuration.md lists the same.</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Grpc:Endpoint"] = "127.0.0.1:7400",
        ["Grpc:MaxStreamsPerConnection"] = "1000",
        ["Grpc:Tls:Endpoint"] = "",
        ["Grpc:Tls:CertificateFile"] = "",
        ["Grpc:Tls:KeyFile"] = "",
        ["Grpc:Tls:ClientCertificates"] = "false",
        ["Grpc:Tls:ClientCa"] = "",
        ["Store:DataDirectory"] = "./data",
        ["Store:BusyTimeout"] = "5s",
        ["Store:MaintenanceInterval"] = "1h",
        ["Store:Retention"] = "90d",
        ["Store:SmallPayloadBytes"] = "64KiB",
        ["Log:Format"] = "text",
        ["Log:MinimumLevel"] = "information",
        ["Log:File"] = "",
        ["Log:RetainedFiles"] = "14",
        ["Limits:InlinePayloadBytes"] = "4MiB",
        ["Shutdown:GracePeriod"] = "30s",
        ["Pipeline:PersistQueue"] = "4096",
        ["Pipeline:CommitBatch"] = "256",
        ["Audit:CheckpointInterval"] = "10m",
        ["Delivery:LeaseDuration"] = "30s",
        ["Delivery:MaxAttempts"] = "10",
        ["Delivery:BackoffBase"] = "1s",
        ["Delivery:BackoffMax"] = "5m",
        ["Delivery:ExpiryInterval"] = "1m",
        ["Registry:FollowInterval"] = "1m",
        ["Signatures:Required"] = "true",
        ["Signatures:TrustAnchors"] = DefaultTrustAnchors,
        ["Signatures:Revocation"] = "hard-fail",
        ["Signatures:RevocationTimeout"] = "5s",
        ["Signatures:VerifyWorkers"] = "0",
        ["Signatures:VerifyQueue"] = "4096",
        ["Receipts:CertificateFile"] = "",
        ["Receipts:KeyFile"] = "",
        ["Receipts:BatchWindow"] = "2ms",
        ["Receipts:TimestampUrl"] = "",
        ["Metrics:Endpoint"] = "127.0.0.1:7401",
        ["Metrics:SampleInterval"] = "2s",
        ["Metrics:OtlpEndpoint"] = "",
        ["Metrics:OtlpInterval"] = "15s",
    };

    private static readonly string[] OwnSections = ["Grpc", "Store", "Log", "Limits", "Shutdown", "Pipeline", "Delivery", "Registry", "Audit", "Signatures", "Receipts", "Metrics"];

    public static GatewayOptions Read(IConfiguration configuration)
    {
        RefuseUnknownKeys(configuration);
        var reader = new SettingsReader(configuration);
        var options = new GatewayOptions
        {
            Grpc = ReadGrpc(reader),
            Store = new StoreOptions
            {
                DataDirectory = ReadDirectory(reader, "Store:DataDirectory"),
                BusyTimeout = reader.Duration("Store:BusyTimeout", TimeSpan.FromSeconds(5), TimeSpan.Zero, TimeSpan.FromMinutes(10)),
                MaintenanceInterval = reader.Duration("Store:MaintenanceInterval", TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
                Retention = ReadRetention(reader),
                SmallPayloadBytes = (int)reader.ByteSize("Store:SmallPayloadBytes", StoreOptions.DefaultSmallPayloadBytes, 0, 1024 * 1024),
            },
            Log = new LogOptions
            {
                Format = reader.Enum("Log:Format", LogFormat.Text),
                MinimumLevel = reader.Enum("Log:MinimumLevel", LogEventLevel.Information),
                FilePath = NullIfEmpty(reader.String("Log:File", "")),
                RetainedFileCount = reader.Int("Log:RetainedFiles", 14, 1, 10_000),
            },
            Limits = new LimitsOptions
            {
                InlinePayloadBytes = (int)reader.ByteSize("Limits:InlinePayloadBytes", 4 * 1024 * 1024, 1024, 64 * 1024 * 1024),
            },
            Shutdown = new ShutdownOptions
            {
                GracePeriod = reader.Duration("Shutdown:GracePeriod", TimeSpan.FromSeconds(30), TimeSpan.Zero, TimeSpan.FromHours(1)),
            },
            Pipeline = new PipelineOptions
            {
                PersistQueue = reader.Int("Pipeline:PersistQueue", 4096, 1, 1_000_000),
                CommitBatch = reader.Int("Pipeline:CommitBatch", 256, 1, 10_000),
            },
            Delivery = ReadDelivery(reader),
            Audit = new AuditOptions
            {
                CheckpointInterval = reader.Duration("Audit:CheckpointInterval", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            },
            Registry = new RegistryOptions
            {
                FollowInterval = reader.Duration("Registry:FollowInterval", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            },
            Signatures = ReadSignatures(reader),
            Receipts = ReadReceipts(reader),
            Metrics = ReadMetrics(reader),
        };
        return options;
    }

    /// <summary>
    /// Store:Retention: a number of days (<c>90d</c>) or any duration; <c>0</c> or empty keeps acknowledged
    /// status notices forever (null).
    /// </summary>
    private static TimeSpan? ReadRetention(SettingsReader reader)
    {
        const string key = "Store:Retention";
        var text = reader.String(key, Defaults[key]).Trim();
        if (text.Length == 0 || text == "0")
            return null;
        TimeSpan value;
        if (text.EndsWith('d') && double.TryParse(text[..^1], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var days))
            value = TimeSpan.FromDays(days);
        else if (SettingParsers.TryDuration(text, out value) is not null)
            throw new ConfigurationException(key, $"'{text}' is not a retention (a number of days such as 90d, a duration such as 12h, or 0 to keep forever)");
        if (value < TimeSpan.FromHours(1) || value > TimeSpan.FromDays(36_500))
            throw new ConfigurationException(key, $"'{text}' is outside 1h..36500d (0 keeps forever)");
        return value;
    }

    private static DeliveryOptions ReadDelivery(SettingsReader reader)
    {
        var options = new DeliveryOptions
        {
            LeaseDuration = reader.Duration("Delivery:LeaseDuration", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            MaxAttempts = reader.Int("Delivery:MaxAttempts", 10, 1, 1000),
            BackoffBase = reader.Duration("Delivery:BackoffBase", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)),
            BackoffMax = reader.Duration("Delivery:BackoffMax", TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1)),
            ExpiryInterval = reader.Duration("Delivery:ExpiryInterval", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        };
        if (options.BackoffMax < options.BackoffBase)
            throw new ConfigurationException("Delivery:BackoffMax", $"{options.BackoffMax.TotalSeconds:0.###}s is less than Delivery:BackoffBase ({options.BackoffBase.TotalSeconds:0.###}s)");
        return options;
    }

    private static GrpcOptions ReadGrpc(SettingsReader reader)
    {
        var endpoint = reader.Endpoint("Grpc:Endpoint", Defaults["Grpc:Endpoint"]);
        var tls = ReadTls(reader);
        if (endpoint is null && tls is null)
            throw new ConfigurationException("Grpc:Endpoint", "is empty and Grpc:Tls:Endpoint is not set, so the gateway would have no listener");

        return new GrpcOptions
        {
            Endpoint = endpoint,
            Tls = tls,
            MaxStreamsPerConnection = reader.Int("Grpc:MaxStreamsPerConnection", 1000, 1, 100_000),
        };
    }

    private static TlsOptions? ReadTls(SettingsReader reader)
    {
        var endpoint = reader.Endpoint("Grpc:Tls:Endpoint", "");
        var clientCertificates = ReadClientCertificates(reader, endpoint is not null);
        if (endpoint is null)
            return null;

        var certificateFile = RequireFile(reader, "Grpc:Tls:CertificateFile");
        var keyFile = RequireFile(reader, "Grpc:Tls:KeyFile");
        try
        {
            // Loaded here so a bad pair stops the start with a message, not the first handshake.
            using var certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            if (!certificate.HasPrivateKey)
                throw new ConfigurationException("Grpc:Tls:KeyFile", $"'{keyFile}' holds no private key for the certificate");
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new ConfigurationException("Grpc:Tls:CertificateFile",
                $"cannot load '{certificateFile}' with key '{keyFile}': {ex.Message.TrimEnd('.')}");
        }

        return new TlsOptions(endpoint, certificateFile, keyFile) { ClientCertificates = clientCertificates };
    }

    private static string RequireFile(SettingsReader reader, string key)
    {
        var path = reader.String(key, "").Trim();
        if (path.Length == 0)
            throw new ConfigurationException(key, "is required when Grpc:Tls:Endpoint is set");
        if (!File.Exists(path))
            throw new ConfigurationException(key, $"file '{path}' does not exist");
        return Path.GetFullPath(path);
    }

    private static string ReadDirectory(SettingsReader reader, string key)
    {
        var path = reader.String(key, Defaults[key]).Trim();
        if (path.Length == 0)
            throw new ConfigurationException(key, "must not be empty");
        if (File.Exists(path))
            throw new ConfigurationException(key, $"'{path}' is a file, not a directory");
        return Path.GetFullPath(path);
    }

    private static void RefuseUnknownKeys(IConfiguration configuration)
    {
        foreach (var section in OwnSections)
        {
            foreach (var pair in configuration.GetSection(section).AsEnumerable())
            {
                // Section nodes (Grpc, Grpc:Tls) carry no value of their own.
                if (pair.Value is null || Defaults.ContainsKey(pair.Key))
                    continue;
                var known = string.Join(", ", Defaults.Keys.Where(k => k.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase)));
                throw new ConfigurationException(pair.Key, $"is not a setting (known in {section}: {known})");
            }
        }
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
