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
        });

        services.AddQuartzHostedService(hosted =>
        {
            // Jobs touch the store, which opens once the host has started; on shutdown a running
            // job is let finish before the store closes.
            hosted.AwaitApplicationStarted = true;
            hosted.WaitForJobsToComplete = true;
        });
    }
}
