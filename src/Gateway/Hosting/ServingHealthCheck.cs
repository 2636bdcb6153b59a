using Gateway.Store.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Hosting;

/// <summary>
/// Healthy only while the daemon serves with its store open. Feeds grpc.health.v1 for the empty
/// service name and every axis.v1 service (see <see cref="GatewayServices"/>).
/// </summary>
internal sealed class ServingHealthCheck(ServingState state, SqliteStore store) : IHealthCheck
{
    public const string Tag = "serving";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = state.Phase switch
        {
            ServingPhase.Serving when store.IsOpen => HealthCheckResult.Healthy("serving"),
            ServingPhase.Serving => HealthCheckResult.Unhealthy("the store is closed"),
            ServingPhase.Starting => HealthCheckResult.Unhealthy("starting: the store is not open yet"),
            _ => HealthCheckResult.Unhealthy("draining: the gateway is shutting down"),
        };
        return Task.FromResult(result);
    }
}
