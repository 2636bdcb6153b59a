using System.Reflection;
using Gateway.Configuration;
using Gateway.Jobs;
using Gateway.Pipeline;
using Gateway.Store.Blobs;
using Gateway.Store.Sqlite;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Hosting;

/// <summary>
/// Orders the daemon's life: Kestrel listens first (health NOT_SERVING), then the store opens and
/// migrates (health SERVING); on SIGTERM health turns NOT_SERVING while Kestrel drains in-flight calls
/// within the grace period, and the store is checkpointed and closed last.
/// </summary>
internal sealed class DaemonLifecycle(
    ServingState state,
    SqliteStore store,
    BlobStore blobs,
    VerifyStage verify,
    PersistStage persist,
    Queues.SettleStage settle,
    AuditCheckpointJob checkpoints,
    IServer server,
    IHostApplicationLifetime lifetime,
    HealthServiceImpl health,
    GatewayOptions options,
    ILogger<DaemonLifecycle> logger) : IHostedLifecycleService
{
    private CancellationTokenRegistration _stopping;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var version = typeof(DaemonLifecycle).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        HostLog.Starting(logger, version, options.Store.DataDirectory);
        Signatures.SignatureSetup.LogAtStart(logger, options.Signatures);
        Systems.ClientCertificateSetup.LogAtStart(logger, options);
        _stopping = lifetime.ApplicationStopping.Register(() =>
        {
            state.MarkDraining();
            HostLog.Draining(logger, options.Shutdown.GracePeriod.TotalSeconds);
        });
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after Kestrel is listening, so health can answer NOT_SERVING while the store opens.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            HostLog.Listening(logger, address);

        // Opening may wait on another process's lock for up to Store:BusyTimeout; off the caller's
        // thread, so whoever started the host is not held while health answers NOT_SERVING.
        await Task.Run(store.Open, cancellationToken);
        var orphans = await Task.Run(() => RemoveOrphanBlobs(store, blobs), cancellationToken);
        if (orphans > 0)
            HostLog.OrphansRemoved(logger, orphans);
        state.MarkServing();
        // Watch streams read the statuses the health publisher last wrote, up to a second old; tell
        // them now rather than leave a NOT_SERVING from before the store opened.
        foreach (var name in GatewayServices.HealthServiceNames)
            health.SetStatus(name, HealthCheckResponse.Types.ServingStatus.Serving);
        HostLog.Serving(logger);
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after Kestrel has drained: nothing uses the store any more.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        // Documents already queued are verified, then committed (or refused), before the store closes.
        await verify.DisposeAsync();
        await persist.DisposeAsync();
        await settle.DisposeAsync();
        // A last checkpoint, so events removed from the end while the gateway is down are detected.
        checkpoints.RunOnce();
        store.Dispose();
        HostLog.Stopped(logger);
    }

    /// <summary>Blobs whose document never committed (a crash in between) are removed before serving.</summary>
    private static int RemoveOrphanBlobs(SqliteStore store, BlobStore blobs)
    {
        using var connection = store.OpenConnection();
        using var referenced = connection.CreateCommand();
        referenced.CommandText = "SELECT 1 FROM documents WHERE payload_sha256 = $sha LIMIT 1";
        var sha = referenced.Parameters.Add("$sha", Microsoft.Data.Sqlite.SqliteType.Blob);
        return blobs.RemoveOrphans(digest =>
        {
            sha.Value = digest;
            return referenced.ExecuteScalar() is not null;
        });
    }
}
