using Quartz;

namespace Gateway.Jobs;

/// <summary>Runs <see cref="SuccessionFollower"/> every <c>Registry:FollowInterval</c>.</summary>
[DisallowConcurrentExecution]
internal sealed class SuccessionFollowJob(SuccessionFollower follower) : IJob
{
    public static readonly JobKey Key = new("succession-follow", "gateway");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        follower.RunOnce();
        return ValueTask.CompletedTask;
    }
}
