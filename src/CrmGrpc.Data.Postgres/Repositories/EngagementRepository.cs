using CrmGrpc.Data.Postgres.Import;
using CrmGrpc.Domain.Entities;
using Npgsql;

namespace CrmGrpc.Data.Postgres.Repositories;

/// <summary>Marketing spend, surveys, support, activity and CRM changes.</summary>
public sealed class EngagementRepository(PostgresDatabase database, TimeProvider time) : IEngagementRepository
{
    private const string ListChangesPage = $"""
        SELECT {CrmChangeMapping.Columns} FROM crm_changes
        WHERE (effective_at, id) > (@afterTime, @afterId)
        ORDER BY effective_at, id
        LIMIT @limit
        """;

    private readonly BatchWriter _writer = new(database, time);

    public Task<RowResult[]> ImportMarketingSpendAsync(IReadOnlyList<MarketingSpend> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) =>
        _writer.WriteAsync(MarketingSpendMapping.Instance, rows, rejected, cancellationToken);

    public Task<RowResult[]> ImportSurveyResponsesAsync(IReadOnlyList<SurveyResponse> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) =>
        _writer.WriteAsync(SurveyResponseMapping.Instance, rows, rejected, cancellationToken);

    public Task<RowResult[]> ImportSupportInteractionsAsync(IReadOnlyList<SupportInteraction> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) =>
        _writer.WriteAsync(SupportInteractionMapping.Instance, rows, rejected, cancellationToken);

    public Task<RowResult[]> ImportActivityEventsAsync(IReadOnlyList<ActivityEvent> rows, IReadOnlyList<EarlyRejection> rejected, CancellationToken cancellationToken) =>
        _writer.WriteAsync(ActivityEventMapping.Instance, rows, rejected, cancellationToken);

    /// <summary>Stores a change idempotently: the same change again is a duplicate, other content a conflict.</summary>
    public async Task<RowResult> RecordChangeAsync(CrmChange change, CancellationToken cancellationToken) =>
        (await _writer.WriteAsync(CrmChangeMapping.Instance, [change], [], cancellationToken))[0];

    public async Task<CrmChange?> GetChangeAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {CrmChangeMapping.Columns} FROM crm_changes WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? CrmChangeMapping.Instance.Read(reader) : null;
    }

    /// <summary>One page ordered by (effective_at, id) after the given position.</summary>
    public async Task<IReadOnlyList<CrmChange>> ListChangesAsync(DateTimeOffset? afterTime, string afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ListChangesPage, connection);
        command.Parameters.AddWithValue("afterTime", afterTime is { } t ? UnixMs.Of(t) : long.MinValue);
        command.Parameters.AddWithValue("afterId", afterId);
        command.Parameters.AddWithValue("limit", limit);
        var changes = new List<CrmChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(CrmChangeMapping.Instance.Read(reader));
        }

        return changes;
    }
}
