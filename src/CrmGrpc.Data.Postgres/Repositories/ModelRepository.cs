using CrmGrpc.Data.Postgres.Import;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace CrmGrpc.Data.Postgres.Repositories;

/// <summary>Fitted models, newest first, and persisted recalculation runs. Not book writes: they take no book lock.</summary>
public sealed class ModelRepository(PostgresDatabase database) : IModelRepository
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

    private const string CreateRun = """
        INSERT INTO metric_runs (name, model_id, as_of, create_time) VALUES (@name, @modelId, @asOf, @now) RETURNING key
        """;

    // The customers of the results that still exist, key-share locked until the results commit: an erasure locks its
    // customer's row first (CustomerRepository.DeleteAsync), so either it committed before (the customer is not returned
    // and its result not stored) or it waits for these results and then deletes them with the rest.
    private const string LockCustomers = "SELECT key FROM customers WHERE key = ANY(@keys) FOR KEY SHARE";

    private const string CopyResults = """
        COPY metric_run_results (run_key, customer_key, historical_clv, predictive_clv, probability_alive, expected_purchases)
        FROM STDIN (FORMAT BINARY)
        """;

    public async Task InsertAsync(StoredModel model, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            model.Id,
            CreateTime = UnixMs.Of(model.CreateTime),
            CalibrationEnd = UnixMs.Of(model.CalibrationEnd),
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
    public async Task<IReadOnlyList<(StoredModel Model, ModelCursor Cursor)>> ListAsync(ModelCursor? after, int limit, CancellationToken cancellationToken)
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
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            CreateRun, new { name, modelId, asOf = UnixMs.Of(asOf), now = UnixMs.Of(now) }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Appends one batch of a run's results in one transaction with binary COPY. A result whose customer was erased since
    /// the run read it (DeleteCustomer between a chunk's read and its results) is left out, as on SQLite.
    /// </summary>
    public async Task AppendRunResultsAsync(long runKey, IReadOnlyList<RunResult> results, CancellationToken cancellationToken)
    {
        if (results.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var existing = new HashSet<long>();
        await using (var command = WriteCommand.Create(LockCustomers, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = results.Select(r => r.CustomerKey).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                existing.Add(reader.GetInt64(0));
            }
        }

        await using (var importer = await connection.BeginBinaryImportAsync(CopyResults, cancellationToken))
        {
            foreach (var result in results)
            {
                if (!existing.Contains(result.CustomerKey))
                {
                    continue;
                }

                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(runKey, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(result.CustomerKey, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(result.HistoricalClv, NpgsqlDbType.Double, cancellationToken);
                await WriteAsync(importer, result.PredictiveClv, cancellationToken);
                await WriteAsync(importer, result.ProbabilityAlive, cancellationToken);
                await WriteAsync(importer, result.ExpectedPurchases, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(CancellationToken.None);
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter importer, double? value, CancellationToken cancellationToken)
    {
        if (value is { } number)
        {
            await importer.WriteAsync(number, NpgsqlDbType.Double, cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
        }
    }

    private sealed class ModelRow
    {
        public long Key { get; set; }

        public string Id { get; set; } = "";

        public long CreateTime { get; set; }

        public long CalibrationEnd { get; set; }

        public int TimeUnit { get; set; }

        public string Segment { get; set; } = "";

        public double PenalizerCoef { get; set; }

        public string Fit { get; set; } = "";

        public StoredModel ToModel() =>
            new(Id, UnixMs.From(CreateTime), UnixMs.From(CalibrationEnd), TimeUnit, Segment, PenalizerCoef, Fit);
    }
}
