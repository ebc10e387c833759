using CrmGrpc.Domain;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;
using CrmGrpc.Domain.Quality;
using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Data.Postgres.Repositories;

// PLACEHOLDER: replaced by the PostgreSQL implementation of ICohortRepository.
public sealed class CohortRepository(PostgresDatabase database) : ICohortRepository
{
    internal PostgresDatabase Database => database;

    public Task<CohortSums> ReadAsync(CohortWindow window, CancellationToken cancellationToken) => throw new NotSupportedException("CohortRepository on PostgreSQL is not built yet");
}
