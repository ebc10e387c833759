using CrmGrpc.Data.Postgres.Reads;
using CrmGrpc.Data.Rows;
using CrmGrpc.Domain.Quality;
using Dapper;
using Npgsql;

namespace CrmGrpc.Data.Postgres.Repositories;

/// <summary>
/// The facts behind the data-quality report, one statement per check, all in one read-only REPEATABLE READ transaction
/// on the PRIMARY: the report is asked right after an import to see what it did (its rejections included), so it must
/// not lag behind a replica. Each check yields the affected ids; <c>count(*) OVER ()</c> counts them all before
/// <c>LIMIT</c> keeps the first few in id order (byte order, COLLATE "C", as SQLite compares text). The outlier check
/// reads the book's quartiles from the four ranks around Q1 and Q3, then streams the purchases above the fence with
/// their customer's purchase count and median and applies <see cref="OutlierRule"/>.
/// </summary>
public sealed class DataQualityRepository(PostgresDatabase database) : IDataQualityRepository
{
    private const string RefundsExceedPurchases = """
        SELECT c.id AS id
        FROM (SELECT customer_key AS ck
              FROM transactions
              GROUP BY customer_key
              HAVING coalesce(sum(amount_minor) FILTER (WHERE kind = 2), 0) > coalesce(sum(amount_minor) FILTER (WHERE kind = 1), 0)) r
        JOIN customers c ON c.key = r.ck
        """;

    private const string FutureTransactions = "SELECT id FROM transactions WHERE occurred_at > @asOf";

    private const string TransactionsBeforeAcquisition = """
        SELECT t.id AS id
        FROM customers c
        JOIN transactions t ON t.customer_key = c.key AND t.occurred_at < c.acquired_at
        """;

    private const string ChurnBeforeAcquisition = "SELECT id FROM customers WHERE churned_at < acquired_at";

    private const string CustomersWithoutTransactions = """
        SELECT c.id AS id
        FROM customers c
        WHERE NOT EXISTS (SELECT 1 FROM transactions t WHERE t.customer_key = c.key)
        """;

    private const string RejectionCounts = "SELECT code::bigint AS code, entity, rejected_rows AS rows FROM ingest_rejection_counts";

    private const string RejectionSamples = """
        SELECT code::bigint AS code, row_id
        FROM (SELECT code, row_id, row_number() OVER (PARTITION BY code ORDER BY row_id COLLATE "C") AS rank
              FROM (SELECT DISTINCT code, row_id FROM ingest_rejections WHERE row_id <> '') d) r
        WHERE rank <= @limit
        ORDER BY code, row_id COLLATE "C"
        """;

    private const string PurchaseCount = "SELECT count(*) FROM transactions WHERE kind = 1";

    // One sort of the purchase amounts; only the asked zero-based ranks come back.
    private const string PurchaseRanks = """
        SELECT rank, amount
        FROM (SELECT amount_minor AS amount, row_number() OVER (ORDER BY amount_minor) - 1 AS rank
              FROM transactions WHERE kind = 1) r
        WHERE rank IN (@r1, @r2, @r3, @r4)
        """;

    // The purchases above the fence with their customer's purchase count and median amount (the mean of the middle one
    // or two of the customer's sorted purchases), for the customers that have such a purchase.
    private const string OutlierCandidates = """
        WITH candidates AS (
            SELECT DISTINCT customer_key AS ck
            FROM transactions
            WHERE kind = 1 AND amount_minor > @fence),
        ranked AS (
            SELECT t.customer_key AS ck, t.amount_minor AS amount,
                   row_number() OVER (PARTITION BY t.customer_key ORDER BY t.amount_minor) AS rank,
                   count(*) OVER (PARTITION BY t.customer_key) AS n
            FROM candidates k
            JOIN transactions t ON t.customer_key = k.ck
            WHERE t.kind = 1),
        customer AS (
            SELECT ck, n AS purchases, avg(amount)::float8 AS median
            FROM ranked
            WHERE rank IN ((n + 1) / 2, (n + 2) / 2)
            GROUP BY ck, n)
        SELECT t.id AS id, t.amount_minor AS amount, m.purchases AS customer_purchases, m.median AS customer_median
        FROM customer m
        JOIN transactions t ON t.customer_key = m.ck
        WHERE t.kind = 1 AND t.amount_minor > @fence
        ORDER BY t.id COLLATE "C"
        """;

    /// <summary>
    /// Every check's count and up to <paramref name="sampleSize"/> ids (0 for counts only). Transactions after
    /// <paramref name="asOf"/> (strictly) are in the future.
    /// </summary>
    public async Task<QualityFacts> ReadAsync(DateTimeOffset asOf, int sampleSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleSize);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var snapshot = await ReadSnapshot.BeginAsync(connection, cancellationToken);
        var asOfMs = UnixMs.Of(asOf);

        Task<Affected> Check(string sql) => AffectedAsync(snapshot, sql, new { asOf = asOfMs }, sampleSize, cancellationToken);

        var rejections = await RejectionsAsync(snapshot, sampleSize, cancellationToken);
        var refunds = await Check(RefundsExceedPurchases);
        var future = await Check(FutureTransactions);
        var beforeAcquisition = await Check(TransactionsBeforeAcquisition);
        var churn = await Check(ChurnBeforeAcquisition);
        var withoutTransactions = await Check(CustomersWithoutTransactions);
        var fence = await FenceAsync(snapshot, cancellationToken);
        var outliers = fence is null ? Affected.None : await OutliersAsync(snapshot, fence, sampleSize, cancellationToken);
        return new QualityFacts
        {
            AsOf = asOf,
            Rejections = rejections,
            RefundsExceedPurchases = refunds,
            FutureTransactions = future,
            TransactionsBeforeAcquisition = beforeAcquisition,
            ChurnBeforeAcquisition = churn,
            CustomersWithoutTransactions = withoutTransactions,
            Fence = fence,
            OutlierAmounts = outliers,
        };
    }

    private static async Task<Affected> AffectedAsync(
        NpgsqlTransaction snapshot, string sql, object parameters, int sampleSize, CancellationToken cancellationToken)
    {
        // LIMIT 0 would lose the count with the rows: fetch one row and drop its id.
        var limited = new DynamicParameters(parameters);
        limited.Add("limit", (long)Math.Max(1, sampleSize));
        var rows = (await snapshot.Connection!.QueryAsync<AffectedRow>(
            new CommandDefinition(Sampled(sql), limited, snapshot, cancellationToken: cancellationToken))).ToList();
        return DataQualityRows.ToAffected(rows, sampleSize);
    }

    private static async Task<IReadOnlyList<RejectionFacts>> RejectionsAsync(NpgsqlTransaction snapshot, int sampleSize, CancellationToken cancellationToken)
    {
        var connection = snapshot.Connection!;
        var counts = await connection.QueryAsync<RejectionCount>(new CommandDefinition(RejectionCounts, transaction: snapshot, cancellationToken: cancellationToken));
        var samples = sampleSize == 0
            ? []
            : await connection.QueryAsync<RejectionSample>(new CommandDefinition(RejectionSamples, new { limit = (long)sampleSize }, snapshot, cancellationToken: cancellationToken));
        return DataQualityRows.ToRejections(counts, samples);
    }

    /// <summary>A check's ids, the first <c>@limit</c> in id order, each row with the count of all of them.</summary>
    private static string Sampled(string idsSql) => $"""
        SELECT id, count(*) OVER () AS total
        FROM ({idsSql}) ids
        ORDER BY id COLLATE "C"
        LIMIT @limit
        """;

    /// <summary>The book's purchase quartiles (<see cref="Quantile"/>); null without purchases.</summary>
    private static async Task<OutlierFence?> FenceAsync(NpgsqlTransaction snapshot, CancellationToken cancellationToken)
    {
        var connection = snapshot.Connection!;
        var n = await connection.ExecuteScalarAsync<long>(new CommandDefinition(PurchaseCount, transaction: snapshot, cancellationToken: cancellationToken));
        if (n == 0)
        {
            return null;
        }

        var quartiles = DataQualityRows.Quartiles(n);
        var amounts = await connection.QueryAsync<RankedAmount>(new CommandDefinition(
            PurchaseRanks, new { r1 = quartiles.Q1.Lower, r2 = quartiles.Q1.Upper, r3 = quartiles.Q3.Lower, r4 = quartiles.Q3.Upper }, snapshot,
            cancellationToken: cancellationToken));
        return quartiles.Fence(amounts);
    }

    private static Task<Affected> OutliersAsync(NpgsqlTransaction snapshot, OutlierFence fence, int sampleSize, CancellationToken cancellationToken)
    {
        var candidates = snapshot.Connection!.QueryUnbufferedAsync<OutlierCandidate>(OutlierCandidates, new { fence = fence.Fence }, snapshot);
        return DataQualityRows.CollectOutliersAsync(candidates, fence, sampleSize, cancellationToken);
    }
}
