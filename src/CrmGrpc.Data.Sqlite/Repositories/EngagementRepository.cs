using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Rows;
using CrmGrpc.Domain.Entities;
using Dapper;

using CrmGrpc.Data.Repositories;

namespace CrmGrpc.Data.Sqlite.Repositories;

/// <summary>Marketing spend, surveys, support, activity and CRM changes.</summary>
public sealed class EngagementRepository(SqliteDatabase database, BatchWriter writer) : IEngagementRepository
{
    private const string ListChangesPage = $"""
        SELECT {CrmChangeMapping.Columns} FROM crm_changes
        WHERE (effective_at, id) > (@afterTime, @afterId)
        ORDER BY effective_at, id
        LIMIT @limit
        """;

    public Task<RowResult[]> ImportMarketingSpendAsync(IReadOnlyList<MarketingSpend> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) =>
        writer.WriteAsync(MarketingSpendMapping.Instance, rows, rejected, cancellationToken);

    public Task<RowResult[]> ImportSurveyResponsesAsync(IReadOnlyList<SurveyResponse> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) =>
        writer.WriteAsync(SurveyResponseMapping.Instance, rows, rejected, cancellationToken);

    public Task<RowResult[]> ImportSupportInteractionsAsync(IReadOnlyList<SupportInteraction> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) =>
        writer.WriteAsync(SupportInteractionMapping.Instance, rows, rejected, cancellationToken);

    public Task<RowResult[]> ImportActivityEventsAsync(IReadOnlyList<ActivityEvent> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) =>
        writer.WriteAsync(ActivityEventMapping.Instance, rows, rejected, cancellationToken);

    /// <summary>Stores a change idempotently: the same change again is a duplicate, other content a conflict.</summary>
    public async Task<RowResult> RecordChangeAsync(CrmChange change, CancellationToken cancellationToken) =>
        (await writer.WriteAsync(CrmChangeMapping.Instance, [change], [], cancellationToken))[0];

    public async Task<CrmChange?> GetChangeAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CrmChangeRow>(new CommandDefinition(
            $"SELECT {CrmChangeMapping.Columns} FROM crm_changes WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row is null ? null : CrmChangeMapping.Instance.ToEntity(row);
    }

    /// <summary>One page ordered by (effective_at, id) after the given position.</summary>
    public async Task<IReadOnlyList<CrmChange>> ListChangesAsync(DateTimeOffset? afterTime, string afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CrmChangeRow>(new CommandDefinition(
            ListChangesPage,
            new { afterTime = afterTime is { } t ? UnixTime.ToMs(t) : long.MinValue, afterId, limit },
            cancellationToken: cancellationToken));
        return rows.Select(CrmChangeMapping.Instance.ToEntity).ToList();
    }
}
