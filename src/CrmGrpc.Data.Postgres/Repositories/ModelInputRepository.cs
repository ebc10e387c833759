using CrmGrpc.Domain;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;
using CrmGrpc.Domain.Quality;
using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Data.Postgres.Repositories;

// PLACEHOLDER: replaced by the PostgreSQL implementation of IModelInputRepository.
public sealed class ModelInputRepository(PostgresDatabase database) : IModelInputRepository
{
    internal PostgresDatabase Database => database;

    public Task ReadPurchaseDaysAsync( string? segment, long lastDay, int parts, Action<int, long, ReadOnlySpan<long>> onCustomer, CancellationToken cancellationToken) => throw new NotSupportedException("ModelInputRepository on PostgreSQL is not built yet");
    public Task ReadCohortFactsAsync(string? segment, Action<CohortFacts> onCustomer, CancellationToken cancellationToken) => throw new NotSupportedException("ModelInputRepository on PostgreSQL is not built yet");
    public Task<long?> EarliestPurchaseDayAsync(string? segment, long lastDay, CancellationToken cancellationToken) => throw new NotSupportedException("ModelInputRepository on PostgreSQL is not built yet");
}
