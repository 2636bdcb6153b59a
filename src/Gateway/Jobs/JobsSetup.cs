using Gateway.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Gateway.Jobs;

/// <summary>
/// The daemon's scheduled jobs on Quartz with its in-memory store: the schedule is rebuilt from
/// configuration at every start, so there is nothing to migrate or keep in step.
/// </summary>
internal static class JobsSetup
{
    public static void Add(IServiceCollection services, GatewayOptions options, TimeProvider time)
    {
        services.AddQuartz(quartz =>
        {
            quartz.UseTimeProvider(time);
            quartz.UseInMemoryStore();
            quartz.ScheduleJob<StoreMaintenanceJob>(
                trigger => trigger
                    .WithIdentity("store-maintenance", "gateway")
                    // Optimizing a store that has just opened is pointless: first run after one interval.
                    .StartAt(time.GetUtcNow() + options.Store.MaintenanceInterval)
                    .WithSimpleSchedule(options.Store.MaintenanceInterval),
                job => job.WithIdentity(StoreMaintenanceJob.Key));

            // The delivery jobs start one interval after start too: a restart does not race the
            // first Pulls, and every pass catches up on whatever waited meanwhile.
            quartz.ScheduleJob<DeliveryExpiryJob>(
                trigger => trigger
                    .WithIdentity("delivery-expiry", "gateway")
                    .StartAt(time.GetUtcNow() + options.Delivery.ExpiryInterval)
                    .WithSimpleSchedule(options.Delivery.ExpiryInterval),
                job => job.WithIdentity(DeliveryExpiryJob.Key));
            quartz.ScheduleJob<SuccessionFollowJob>(
                trigger => trigger
                    .WithIdentity("succession-follow", "gateway")
                    .StartAt(time.GetUtcNow() + options.Registry.FollowInterval)
                    .WithSimpleSchedule(options.Registry.FollowInterval),
                job => job.WithIdentity(SuccessionFollowJob.Key));
            quartz.ScheduleJob<AuditCheckpointJob>(
                trigger => trigger
                    .WithIdentity("audit-checkpoint", "gateway")
                    .StartAt(time.GetUtcNow() + options.Audit.CheckpointInterval)
                    .WithSimpleSchedule(options.Audit.CheckpointInterval),
                job => job.WithIdentity(AuditCheckpointJob.Key));
            if (options.Store.Retention is not null)
            {
                // Retention runs on the maintenance schedule: nothing depends on it being prompt.
                quartz.ScheduleJob<RetentionPurgeJob>(
                    trigger => trigger
                        .WithIdentity("retention-purge", "gateway")
                        .StartAt(time.GetUtcNow() + options.Store.MaintenanceInterval)
                        .WithSimpleSchedule(options.Store.MaintenanceInterval),
                    job => job.WithIdentity(RetentionPurgeJob.Key));
            }
        });

        // Remembers which split codes it has warned about between runs.
        services.AddSingleton<SuccessionFollower>();

        services.AddQuartzHostedService(hosted =>
        {
            // Jobs touch the store, which opens once the host has started; on shutdown a running
            // job is let finish before the store closes.
            hosted.AwaitApplicationStarted = true;
            hosted.WaitForJobsToComplete = true;
        });
    }
}
