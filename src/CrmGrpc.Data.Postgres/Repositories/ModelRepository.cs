using CrmGrpc.Domain;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;
using CrmGrpc.Domain.Quality;
using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Data.Postgres.Repositories;

// PLACEHOLDER: replaced by the PostgreSQL implementation of IModelRepository.
public sealed class ModelRepository(PostgresDatabase database) : IModelRepository
{
    internal PostgresDatabase Database => database;

    public Task InsertAsync(StoredModel model, CancellationToken cancellationToken) => throw new NotSupportedException("ModelRepository on PostgreSQL is not built yet");
    public Task<StoredModel?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException("ModelRepository on PostgreSQL is not built yet");
    public Task<StoredModel?> LatestAsync(CancellationToken cancellationToken) => throw new NotSupportedException("ModelRepository on PostgreSQL is not built yet");
    public Task<IReadOnlyList<(StoredModel Model, ModelCursor Cursor)>> ListAsync(ModelCursor? after, int limit, CancellationToken cancellationToken) => throw new NotSupportedException("ModelRepository on PostgreSQL is not built yet");
    public Task<long> CreateRunAsync(string name, string modelId, DateTimeOffset asOf, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException("ModelRepository on PostgreSQL is not built yet");
    public Task AppendRunResultsAsync(long runKey, IReadOnlyList<RunResult> results, CancellationToken cancellationToken) => throw new NotSupportedException("ModelRepository on PostgreSQL is not built yet");
}
