using CrmGrpc.Data.Import;
using CrmGrpc.Domain.Entities;

namespace CrmGrpc.Data.Repositories;

/// <summary>Marketing spend, surveys, support interactions, activity events and CRM changes.</summary>
public interface IEngagementRepository
{
    Task<RowResult[]> ImportMarketingSpendAsync(IReadOnlyList<MarketingSpend> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken);

    Task<RowResult[]> ImportSurveyResponsesAsync(IReadOnlyList<SurveyResponse> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken);

    Task<RowResult[]> ImportSupportInteractionsAsync(IReadOnlyList<SupportInteraction> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken);

    Task<RowResult[]> ImportActivityEventsAsync(IReadOnlyList<ActivityEvent> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken);

    /// <summary>Stores one CRM change idempotently by id.</summary>
    Task<RowResult> RecordChangeAsync(CrmChange change, CancellationToken cancellationToken);

    Task<CrmChange?> GetChangeAsync(string id, CancellationToken cancellationToken);

    /// <summary>One page in (effective_at, id) order after the given position (null time: from the start).</summary>
    Task<IReadOnlyList<CrmChange>> ListChangesAsync(DateTimeOffset? afterTime, string afterId, int limit, CancellationToken cancellationToken);
}
