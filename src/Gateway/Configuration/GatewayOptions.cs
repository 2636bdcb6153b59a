using System.Net;

namespace Gateway.Configuration;

/// <summary>
/// Every setting of the daemon, read and validated once at start (see <see cref="OptionsReader"/>).
/// Defaults and meanings are documented in docs/configuration.md; keep the two in step.
/// </summary>
internal sealed record GatewayOptions
{
    public required GrpcOptions Grpc { get; init; }
    public required StoreOptions Store { get; init; }
    public required LogOptions Log { get; init; }
    public required LimitsOptions Limits { get; init; }
    public required ShutdownOptions Shutdown { get; init; }
    public required PipelineOptions Pipeline { get; init; }
    public required DeliveryOptions Delivery { get; init; }
    public AuditOptions Audit { get; init; } = new();

    /// <summary>Verification of senders' signatures.</summary>
    public SignaturesOptions Signatures { get; init; } = new();

    /// <summary>How acceptances are proven: the receipt key, batching, timestamps.</summary>
    public ReceiptsOptions Receipts { get; init; } = new();

    /// <summary>Jobs that keep queued deliveries in step with the organisation registry.</summary>
    public RegistryOptions Registry { get; init; } = new();

    public MetricsOptions Metrics { get; init; } = new();
}

/// <summary>Where and how the gRPC listeners run.</summary>
internal sealed record GrpcOptions
{
    /// <summary>The plaintext HTTP/2 (h2c) listener; null when disabled with an empty value.</summary>
    public required IPEndPoint? Endpoint { get; init; }

    /// <summary>The TLS listener; null unless <c>Grpc:Tls:Endpoint</c> is set.</summary>
    public required TlsOptions? Tls { get; init; }

    /// <summary>
    /// Concurrent HTTP/2 streams per connection. Kestrel's default of 100 is too few for a busy
    /// system that keeps an Exchange stream open beside many concurrent sends.
    /// </summary>
    public required int MaxStreamsPerConnection { get; init; }
}

/// <summary>The TLS listener: a certificate and its private key, both PEM files.</summary>
internal sealed record TlsOptions(IPEndPoint Endpoint, string CertificateFile, string KeyFile)
{
    /// <summary>
    /// Client certificates asked for on this listener (mutual TLS for connected systems); null when
    /// <c>Grpc:Tls:ClientCertificates</c> is false.
    /// </summary>
    public ClientCertificateOptions? ClientCertificates { get; init; }
}

/// <summary>
/// How the TLS listener's client certificates are judged (docs/security.md). Kestrel accepts any
/// certificate in the handshake; each call then judges it against these anchors, so a certificate
/// from a private root is not refused by the operating system's store and a refusal names its cause.
/// </summary>
internal sealed record ClientCertificateOptions
{
    /// <summary>
    /// The CAs read at start from <c>Grpc:Tls:ClientCa</c>, or null when it is not set: then the
    /// signature trust anchors (<c>Signatures:TrustAnchors</c>) are used, judged by the same cache.
    /// </summary>
    public Gateway.Crypto.Trust.TrustAnchors? Anchors { get; init; }

    /// <summary>The configured directory, as written, for messages; null when not set.</summary>
    public string? AnchorsSetting { get; init; }
}

/// <summary>The embedded store.</summary>
internal sealed record StoreOptions
{
    /// <summary>Directory holding gateway.db and the payload blobs; created when missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>How long a write waits for a lock held by another connection or process.</summary>
    public required TimeSpan BusyTimeout { get; init; }

    /// <summary>How often the store maintenance job runs (see Jobs/StoreMaintenanceJob.cs).</summary>
    public required TimeSpan MaintenanceInterval { get; init; }

    /// <summary>
    /// How long acknowledged status notices stay in the delivery queue table before the retention
    /// job removes them (see Jobs/RetentionPurgeJob.cs); null keeps them forever. Documents, statuses
    /// and events are never removed.
    /// </summary>
    public TimeSpan? Retention { get; init; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Payloads of up to this many bytes are stored in the database inside their document's commit
    /// (one fsync per batch); larger ones, and every Upload, as files under blobs/. 0 stores every
    /// payload as a file.
    /// </summary>
    public int SmallPayloadBytes { get; init; } = DefaultSmallPayloadBytes;

    public const int DefaultSmallPayloadBytes = 64 * 1024;
}

/// <summary>Log output.</summary>
internal sealed record LogOptions
{
    public required LogFormat Format { get; init; }
    public required Serilog.Events.LogEventLevel MinimumLevel { get; init; }

    /// <summary>Rolling log file path, or null for console only.</summary>
    public required string? FilePath { get; init; }

    /// <summary>How many rolled files to keep.</summary>
    public required int RetainedFileCount { get; init; }
}

internal enum LogFormat
{
    /// <summary>One readable line per event.</summary>
    Text,

    /// <summary>Compact JSON (CLEF), one object per line, for log shippers.</summary>
    Json,
}

/// <summary>Size limits on incoming messages.</summary>
internal sealed record LimitsOptions
{
    /// <summary>Largest payload accepted inline by Send; larger ones use Upload.</summary>
    public required int InlinePayloadBytes { get; init; }

    /// <summary>
    /// Largest gRPC message the server accepts: the inline payload plus room for a header with
    /// 10,000 recipients and its signature.
    /// </summary>
    public int MaxReceiveMessageBytes => InlinePayloadBytes + HeaderAllowanceBytes;

    /// <summary>Room above the inline payload for the signed header.</summary>
    public const int HeaderAllowanceBytes = 2 * 1024 * 1024;
}

/// <summary>Graceful shutdown.</summary>
internal sealed record ShutdownOptions
{
    /// <summary>How long in-flight calls may run after SIGTERM before they are aborted.</summary>
    public required TimeSpan GracePeriod { get; init; }
}

/// <summary>Sizes of the document pipeline's stages.</summary>
internal sealed record PipelineOptions
{
    /// <summary>
    /// Documents that may wait for the persist stage. When full, senders wait (backpressure) rather
    /// than the gateway buffering without bound; larger absorbs bursts, smaller bounds memory.
    /// </summary>
    public required int PersistQueue { get; init; }

    /// <summary>
    /// Most documents committed in one transaction (one fsync). Larger amortises the fsync over more
    /// sends under load; it never delays a lone send, which commits as soon as it arrives.
    /// </summary>
    public required int CommitBatch { get; init; }
}

/// <summary>At-least-once delivery: leases, retries and dead letters.</summary>
internal sealed record DeliveryOptions
{
    /// <summary>How long a pulled delivery stays invisible to others; unsettled by then, it is offered again.</summary>
    public required TimeSpan LeaseDuration { get; init; }

    /// <summary>Delivery attempts before a delivery is moved to the dead-letter queue.</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>Wait before offering a nacked delivery again, doubled per attempt (with jitter).</summary>
    public required TimeSpan BackoffBase { get; init; }

    /// <summary>The longest wait between attempts.</summary>
    public required TimeSpan BackoffMax { get; init; }

    /// <summary>How often the expiry job dead-letters deliveries whose document expired (see Jobs/DeliveryExpiryJob.cs).</summary>
    public TimeSpan ExpiryInterval { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>The organisation registry's effect on queued deliveries.</summary>
internal sealed record RegistryOptions
{
    /// <summary>
    /// How often queued deliveries for a code that is now succeeded move to its successor (see
    /// Jobs/SuccessionFollower.cs).
    /// </summary>
    public TimeSpan FollowInterval { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>The tamper-evident history of documents.</summary>
internal sealed record AuditOptions
{
    /// <summary>How often the end of the event chain is recorded as a checkpoint (and at every clean stop).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>Verification of senders' signatures (see docs/security.md).</summary>
internal sealed record SignaturesOptions
{
    /// <summary>
    /// Refuse documents without a signature. Off, an unsigned document is accepted and recorded as
    /// unverified (a signature that is present is still verified); the gateway warns at every start.
    /// </summary>
    public bool Required { get; init; } = true;

    /// <summary>
    /// The roots and intermediates read at start from Signatures:TrustAnchors (none when the default
    /// directory does not exist yet). Changes to the directory take effect at the next start.
    /// </summary>
    public Gateway.Crypto.Trust.TrustAnchors TrustAnchors { get; init; } = Gateway.Crypto.Trust.TrustAnchors.None;

    /// <summary>The configured directory, as written, for messages.</summary>
    public string TrustAnchorsSetting { get; init; } = OptionsReader.DefaultTrustAnchors;

    public Gateway.Crypto.Trust.RevocationPolicy Revocation { get; init; } = Gateway.Crypto.Trust.RevocationPolicy.HardFail;

    /// <summary>Longest wait for one CRL download or OCSP answer.</summary>
    public TimeSpan RevocationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Parallel verification workers.</summary>
    public int VerifyWorkers { get; init; } = Environment.ProcessorCount;

    /// <summary>Documents that may wait for verification before senders wait (backpressure).</summary>
    public int VerifyQueue { get; init; } = 4096;
}

/// <summary>Signed receipts (see docs/receipts.md).</summary>
internal sealed record ReceiptsOptions
{
    /// <summary>
    /// PEM certificate and key the gateway signs receipts and audit checkpoints with; null: a key of
    /// its own, made at first start under &lt;data&gt;/keys and kept there.
    /// </summary>
    public (string CertificateFile, string KeyFile)? Key { get; init; }

    /// <summary>
    /// Longest the persist stage waits, after the first document of a batch, for more to share its
    /// commit and its receipt signature. Zero commits whatever is waiting at once.
    /// </summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>RFC 3161 timestamp authority for batch roots; null for none.</summary>
    public Uri? TimestampUrl { get; init; }
}

/// <summary>Throughput metrics for operators (see docs/metrics.md).</summary>
internal sealed record MetricsOptions
{
    /// <summary>HTTP/1.1 listener serving Prometheus text at /metrics; null: not served.</summary>
    public IPEndPoint? Endpoint { get; init; }

    /// <summary>How often queue depths and the oldest undelivered age are read from the store.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>OpenTelemetry collector to push to over OTLP (gRPC); null: no push.</summary>
    public Uri? OtlpEndpoint { get; init; }

    public TimeSpan OtlpInterval { get; init; } = TimeSpan.FromSeconds(15);
}
