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
    private static void Every<TJob>(IQuartzBuilder quartz, TimeProvider time, JobKey key, TimeSpan interval)
        where TJob : IJob =>
        quartz.ScheduleJob<TJob>(
            trigger => trigger.WithIdentity(key.Name, key.Group).StartAt(time.GetUtcNow() + interval).WithSimpleSchedule(interval),
            job => job.WithIdentity(key));

    public static void Add(IServiceCollection services, GatewayOptions options, TimeProvider time)
    {
        services.AddQuartz(quartz =>
        {
            quartz.UseTimeProvider(time);
            quartz.UseInMemoryStore();
            // Every job first runs one interval after start: a store that has just opened needs no
            // maintenance, a restart does not race the first receivers, and each pass catches up on
            // whatever waited meanwhile.
            Every<StoreMaintenanceJob>(quartz, time, StoreMaintenanceJob.Key, options.Store.MaintenanceInterval);
            Every<DeliveryExpiryJob>(quartz, time, DeliveryExpiryJob.Key, options.Delivery.ExpiryInterval);
            Every<SuccessionFollowJob>(quartz, time, SuccessionFollowJob.Key, options.Registry.FollowInterval);
            Every<AuditCheckpointJob>(quartz, time, AuditCheckpointJob.Key, options.Audit.CheckpointInterval);
            if (options.Store.Retention is not null)
            {
                // Retention runs on the maintenance schedule: nothing depends on it being prompt.
                Every<RetentionPurgeJob>(quartz, time, RetentionPurgeJob.Key, options.Store.MaintenanceInterval);
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
