using CrmGrpc.Domain;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;
using CrmGrpc.Domain.Quality;
using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Data.Postgres.Repositories;

// PLACEHOLDER: replaced by the PostgreSQL implementation of IPortfolioRepository.
public sealed class PortfolioRepository(PostgresDatabase database) : IPortfolioRepository
{
    internal PostgresDatabase Database => database;

    public Task<PortfolioAggregates> ReadAsync(Period period, Grouping grouping, ChurnDefinition churn, CancellationToken cancellationToken) => throw new NotSupportedException("PortfolioRepository on PostgreSQL is not built yet");
}
