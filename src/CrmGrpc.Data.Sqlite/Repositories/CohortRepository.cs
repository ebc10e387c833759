using CrmGrpc.Domain.Metrics.Cohorts;
using Dapper;
using Microsoft.Data.Sqlite;

using CrmGrpc.Data.Repositories;
using CrmGrpc.Data.Rows;

namespace CrmGrpc.Data.Sqlite.Repositories;

/// <summary>
/// Reads acquisition cohorts and their transactions per period since acquisition, aggregated in SQLite:
/// each customer's cohort and each transaction's period are calendar-bucket numbers computed from the unix
/// milliseconds (see <see cref="CohortCalendar"/>), and only the (cohort, period) sums leave the database.
/// Transactions are reached per member through the covering customer/time index, from the customer's
/// acquisition up to the as-of date.
/// </summary>
public sealed class CohortRepository(SqliteDatabase database) : ICohortRepository
{
    // The cohort members: month index = year × 12 + month − 1 (strftime '%Y%m' as one integer, yyyymm), divided by
    // the months per bucket. Milliseconds become fractional seconds so that instants before 1970 round down.
    private const string Members = """
        WITH members AS (
            SELECT c.key AS ck, c.acquired_at AS acquired_at,
                   (ym / 100 * 12 + ym % 100 - 1) / @months AS cohort
            FROM (SELECT key, acquired_at, CAST(strftime('%Y%m', acquired_at / 1000.0, 'unixepoch') AS INTEGER) AS ym
                  FROM customers
                  WHERE acquired_at >= @from AND acquired_at < @until) c)
        """;

    private const string Sizes = Members + """

        SELECT cohort, count(*) AS customers
        FROM members
        GROUP BY cohort
        """;

    // Per (customer, period) first, so that a customer with several purchases in a period is active once; then
    // per (cohort, period). CROSS JOIN keeps the members outside and searches the covering index per member.
    // Kind 1 is a purchase, 2 a refund (negative revenue).
    private const string Periods = Members + """
        ,
        per_customer AS (
            SELECT m.ck AS ck, m.cohort AS cohort,
                   (t.ym / 100 * 12 + t.ym % 100 - 1) / @months - m.cohort AS period,
                   max(t.kind = 1) AS purchased,
                   total(CASE t.kind WHEN 1 THEN t.amount_minor WHEN 2 THEN -t.amount_minor END) AS net_revenue
            FROM members m
            CROSS JOIN (SELECT customer_key, occurred_at, kind, amount_minor,
                         CAST(strftime('%Y%m', occurred_at / 1000.0, 'unixepoch') AS INTEGER) AS ym
                  FROM transactions INDEXED BY ix_transactions_customer_time) t
              ON t.customer_key = m.ck AND t.occurred_at >= m.acquired_at AND t.occurred_at < @asOf
            GROUP BY m.ck, period)
        SELECT cohort, period, sum(purchased) AS active_customers, total(net_revenue) AS net_revenue
        FROM per_customer
        GROUP BY cohort, period
        """;

    public async Task<CohortSums> ReadAsync(CohortWindow window, CancellationToken cancellationToken)
    {
        if (window.IsEmpty)
        {
            return new CohortSums([], []);
        }

        var parameters = new
        {
            from = UnixTime.ToMs(window.AcquiredFrom),
            until = UnixTime.ToMs(window.AcquiredUntil),
            asOf = UnixTime.ToMs(window.AsOf),
            months = window.MonthsPerBucket,
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var snapshot = connection.BeginTransaction(deferred: true); // sizes and periods from one state of the book
        IEnumerable<CohortSizeRow> sizes;
        IEnumerable<CohortPeriodRow> periods;
        using (SqliteDatabase.InterruptOnCancel(connection, cancellationToken))
        {
            try
            {
                sizes = await connection.QueryAsync<CohortSizeRow>(new CommandDefinition(Sizes, parameters, snapshot, cancellationToken: cancellationToken));
                periods = await connection.QueryAsync<CohortPeriodRow>(new CommandDefinition(Periods, parameters, snapshot, cancellationToken: cancellationToken));
            }
            catch (SqliteException exception) when (SqliteDatabase.IsInterruption(exception, cancellationToken))
            {
                throw new OperationCanceledException("the cohort query was interrupted at the call's deadline or cancellation", exception, cancellationToken);
            }
        }

        return CohortRows.ToSums(sizes, periods);
    }
}
