using CrmGrpc.Data.Postgres.Reads;
using CrmGrpc.Data.Rows;
using CrmGrpc.Domain.Metrics.Cohorts;
using Dapper;

namespace CrmGrpc.Data.Postgres.Repositories;

/// <summary>
/// Acquisition cohorts and their transactions per period since acquisition, aggregated by PostgreSQL on the heavy-read
/// source: each customer's cohort and each transaction's period are calendar-bucket numbers (month index = year × 12 +
/// month − 1, divided by the months per bucket) of the instant's UTC day, so instants before 1970 fall in their own
/// month as on SQLite. Only the (cohort, period) sums leave the database; both statements read one snapshot.
/// </summary>
public sealed class CohortRepository(PostgresDatabase database) : ICohortRepository
{
    // The UTC day of a unix-ms instant as the transactions' stored `day` computes it (floored before 1970), as a date.
    private const string MonthIndexOfAcquisition = """
        (extract(year FROM date '1970-01-01' + ((c.acquired_at - (((c.acquired_at % 86400000) + 86400000) % 86400000)) / 86400000)::integer)::integer * 12
         + extract(month FROM date '1970-01-01' + ((c.acquired_at - (((c.acquired_at % 86400000) + 86400000) % 86400000)) / 86400000)::integer)::integer - 1)
        """;

    private const string Members = "WITH members AS (SELECT c.key AS ck, c.acquired_at AS acquired_at, " + MonthIndexOfAcquisition + """
         / @months AS cohort
            FROM customers c
            WHERE c.acquired_at >= @from AND c.acquired_at < @until)
        """;

    private const string Sizes = Members + """

        SELECT cohort::bigint AS cohort, count(*) AS customers
        FROM members
        GROUP BY cohort
        ORDER BY cohort
        """;

    // Per (customer, period) first, so that a customer with several purchases in a period is active once; then per
    // (cohort, period). Kind 1 is a purchase, 2 a refund (negative revenue).
    private const string Periods = Members + """
        ,
        per_customer AS (
            SELECT m.ck AS ck, m.cohort AS cohort,
                   (extract(year FROM date '1970-01-01' + t.day)::integer * 12 + extract(month FROM date '1970-01-01' + t.day)::integer - 1) / @months
                       - m.cohort AS period,
                   bool_or(t.kind = 1)::integer AS purchased,
                   sum(CASE t.kind WHEN 1 THEN t.amount_minor WHEN 2 THEN -t.amount_minor END::float8) AS net_revenue
            FROM members m
            JOIN transactions t ON t.customer_key = m.ck AND t.occurred_at >= m.acquired_at AND t.occurred_at < @asOf
            GROUP BY 1, 2, 3)
        SELECT cohort::bigint AS cohort, period::bigint AS period, sum(purchased)::bigint AS active_customers,
               coalesce(sum(net_revenue), 0) AS net_revenue
        FROM per_customer
        GROUP BY cohort, period
        ORDER BY cohort, period
        """;

    public async Task<CohortSums> ReadAsync(CohortWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.IsEmpty)
        {
            return new CohortSums([], []);
        }

        var parameters = new
        {
            from = UnixMs.Of(window.AcquiredFrom),
            until = UnixMs.Of(window.AcquiredUntil),
            asOf = UnixMs.Of(window.AsOf),
            months = window.MonthsPerBucket,
        };
        await using var connection = await database.OpenHeavyReadAsync(cancellationToken);
        await using var snapshot = await ReadSnapshot.BeginAsync(connection, cancellationToken);
        var sizes = await connection.QueryAsync<CohortSizeRow>(new CommandDefinition(Sizes, parameters, snapshot, cancellationToken: cancellationToken));
        var periods = await connection.QueryAsync<CohortPeriodRow>(new CommandDefinition(Periods, parameters, snapshot, cancellationToken: cancellationToken));
        return CohortRows.ToSums(sizes, periods);
    }
}
