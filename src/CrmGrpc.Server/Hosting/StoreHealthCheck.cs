using CrmGrpc.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrmGrpc.Server.Hosting;

/// <summary>Healthy once the schema is migrated: grpc.health.v1 answers SERVING only from then on.</summary>
public sealed class StoreHealthCheck(StoreReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy("store migrated")
            : HealthCheckResult.Unhealthy("store not migrated yet"));
}
