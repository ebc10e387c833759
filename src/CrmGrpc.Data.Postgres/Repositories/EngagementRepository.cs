using CrmGrpc.Domain;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;
using CrmGrpc.Domain.Quality;
using CrmGrpc.Domain.Uplift;

namespace CrmGrpc.Data.Postgres.Repositories;

// PLACEHOLDER: replaced by the PostgreSQL implementation of IEngagementRepository.
public sealed class EngagementRepository(PostgresDatabase database) : IEngagementRepository
{
    internal PostgresDatabase Database => database;

    public Task<RowResult[]> ImportMarketingSpendAsync(IReadOnlyList<MarketingSpend> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) => throw new NotSupportedException("EngagementRepository on PostgreSQL is not built yet");
    public Task<RowResult[]> ImportSurveyResponsesAsync(IReadOnlyList<SurveyResponse> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) => throw new NotSupportedException("EngagementRepository on PostgreSQL is not built yet");
    public Task<RowResult[]> ImportSupportInteractionsAsync(IReadOnlyList<SupportInteraction> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) => throw new NotSupportedException("EngagementRepository on PostgreSQL is not built yet");
    public Task<RowResult[]> ImportActivityEventsAsync(IReadOnlyList<ActivityEvent> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) => throw new NotSupportedException("EngagementRepository on PostgreSQL is not built yet");
    public Task<RowResult> RecordChangeAsync(CrmChange change, CancellationToken cancellationToken) => throw new NotSupportedException("EngagementRepository on PostgreSQL is not built yet");
    public Task<CrmChange?> GetChangeAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException("EngagementRepository on PostgreSQL is not built yet");
    public Task<IReadOnlyList<CrmChange>> ListChangesAsync(DateTimeOffset? afterTime, string afterId, int limit, CancellationToken cancellationToken) => throw new NotSupportedException("EngagementRepository on PostgreSQL is not built yet");
}
