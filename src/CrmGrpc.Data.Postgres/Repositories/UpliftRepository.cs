using CrmGrpc.Domain;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;
using CrmGrpc.Domain.Quality;
using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Data.Postgres.Repositories;

// PLACEHOLDER: replaced by the PostgreSQL implementation of IUpliftRepository.
public sealed class UpliftRepository(PostgresDatabase database) : IUpliftRepository
{
    internal PostgresDatabase Database => database;

    public Task<UpliftObservations> ReadAsync( string changeId, UpliftWindows windows, bool withHistory, GroupSelection treated, GroupSelection? control, CancellationToken cancellationToken) => throw new NotSupportedException("UpliftRepository on PostgreSQL is not built yet");
}
