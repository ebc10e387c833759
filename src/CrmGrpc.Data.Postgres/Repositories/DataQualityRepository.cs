using CrmGrpc.Domain;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;
using CrmGrpc.Domain.Quality;
using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Data.Postgres.Repositories;

// PLACEHOLDER: replaced by the PostgreSQL implementation of IDataQualityRepository.
public sealed class DataQualityRepository(PostgresDatabase database) : IDataQualityRepository
{
    internal PostgresDatabase Database => database;

    public Task<QualityFacts> ReadAsync(DateTimeOffset asOf, int sampleSize, CancellationToken cancellationToken) => throw new NotSupportedException("DataQualityRepository on PostgreSQL is not built yet");
}
