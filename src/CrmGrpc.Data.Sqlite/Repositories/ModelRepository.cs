using Dapper;

using CrmGrpc.Data.Repositories;

namespace CrmGrpc.Data.Sqlite.Repositories;

/// <summary>Fitted models, newest first, and persisted recalculation runs.</summary>
public sealed class ModelRepository(SqliteDatabase database) : IModelRepository
{
    private const string Columns = "key, id, create_time, calibration_end, time_unit, segment, penalizer_coef, fit";

    private const string Insert = """
        INSERT INTO models (id, create_time, calibration_end, time_unit, segment, penalizer_coef, fit)
        VALUES (@Id, @CreateTime, @CalibrationEnd, @TimeUnit, @Segment, @PenalizerCoef, @Fit)
        """;

    private const string ListPage = $"""
        SELECT {Columns} FROM models
        WHERE (create_time, key) < (@beforeTime, @beforeKey)
        ORDER BY create_time DESC, key DESC
        LIMIT @limit
        """;

    public async Task InsertAsync(StoredModel model, CancellationToken cancellationToken)
    {
        using var writeSlot = await database.EnterWriteAsync(cancellationToken, changesBook: false);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            model.Id,
            CreateTime = UnixTime.ToMs(model.CreateTime),
            CalibrationEnd = UnixTime.ToMs(model.CalibrationEnd),
            model.TimeUnit,
            model.Segment,
            model.PenalizerCoef,
            model.Fit,
        }, cancellationToken: cancellationToken));
    }

    public async Task<StoredModel?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ModelRow>(new CommandDefinition(
            $"SELECT {Columns} FROM models WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToModel();
    }

    public async Task<StoredModel?> LatestAsync(CancellationToken cancellationToken)
    {
        var page = await ListAsync(null, 1, cancellationToken);
        return page.Count > 0 ? page[0].Model : null;
    }

    /// <summary>One page, newest first, after the keyset position of a previous page's last item (null for the first).</summary>
    public async Task<IReadOnlyList<(StoredModel Model, ModelCursor Cursor)>> ListAsync(
        ModelCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ModelRow>(new CommandDefinition(ListPage, new
        {
            beforeTime = after?.CreateTimeMs ?? long.MaxValue,
            beforeKey = after?.Key ?? long.MaxValue,
            limit,
        }, cancellationToken: cancellationToken));
        return rows.Select(r => (r.ToModel(), new ModelCursor(r.CreateTime, r.Key))).ToList();
    }

    /// <summary>Starts a named run and returns its key.</summary>
    public async Task<long> CreateRunAsync(string name, string modelId, DateTimeOffset asOf, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var writeSlot = await database.EnterWriteAsync(cancellationToken, changesBook: false);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO metric_runs (name, model_id, as_of, create_time) VALUES (@name, @modelId, @asOf, @now) RETURNING key",
            new { name, modelId, asOf = UnixTime.ToMs(asOf), now = UnixTime.ToMs(now) }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Appends one batch of a run's results in one transaction. A result whose customer was erased since the run read it
    /// (DeleteCustomer between a chunk's read and its results) is left out: the erasure and this write take the same
    /// writer slot, so a result is either stored before the erasure (which then removes it) or not at all.
    /// </summary>
    public async Task AppendRunResultsAsync(long runKey, IReadOnlyList<RunResult> results, CancellationToken cancellationToken)
    {
        using var writeSlot = await database.EnterWriteAsync(cancellationToken, changesBook: false);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO metric_run_results (run_key, customer_key, historical_clv, predictive_clv, probability_alive, expected_purchases)
            SELECT @runKey, @CustomerKey, @HistoricalClv, @PredictiveClv, @ProbabilityAlive, @ExpectedPurchases
            WHERE EXISTS (SELECT 1 FROM customers WHERE key = @CustomerKey)
            """,
            results.Select(r => new { runKey, r.CustomerKey, r.HistoricalClv, r.PredictiveClv, r.ProbabilityAlive, r.ExpectedPurchases }),
            transaction, cancellationToken: cancellationToken));
        transaction.Commit();
    }

    private sealed class ModelRow
    {
        public long Key { get; set; }

        public string Id { get; set; } = "";

        public long CreateTime { get; set; }

        public long CalibrationEnd { get; set; }

        public long TimeUnit { get; set; }

        public string Segment { get; set; } = "";

        public double PenalizerCoef { get; set; }

        public string Fit { get; set; } = "";

        public StoredModel ToModel() =>
            new(Id, UnixTime.FromMs(CreateTime), UnixTime.FromMs(CalibrationEnd), (int)TimeUnit, Segment, PenalizerCoef, Fit);
    }
}
