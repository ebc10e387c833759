using CrmGrpc.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrmGrpc.Server.Hosting;

/// <summary>
/// Healthy while the store serves (migrated, and for PostgreSQL reachable): grpc.health.v1 answers SERVING only then, and
/// NOT_SERVING while a shared database is away, until it returns.
/// </summary>
public sealed class StoreHealthCheck(IStoreStatus store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.IsServingAsync(cancellationToken)
            ? HealthCheckResult.Healthy($"store {store.Location} serving")
            : HealthCheckResult.Unhealthy($"store {store.Location} not migrated or not reachable");
}
