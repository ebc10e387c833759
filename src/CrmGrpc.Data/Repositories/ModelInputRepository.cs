using System.Diagnostics;
using CrmGrpc.Data.Native;

namespace CrmGrpc.Data.Repositories;

/// <summary>One customer's cohort facts for the contractual models: when it was acquired and, if recorded, when it churned (unix ms).</summary>
public readonly record struct CohortFacts(long AcquiredAtMs, long? ChurnedAtMs);

/// <summary>
/// What the models beyond BG/NBD read that the stored totals do not hold: each customer's distinct purchase days
/// (BG/CNBD-k's inter-purchase times, BG/BB's periods, holdout validation) and the customers' acquisition and churn
/// (sBG). Each read runs in one read transaction, so it sees one snapshot of the book.
/// </summary>
public sealed class ModelInputRepository(SqliteDatabase database)
{
    /// <summary>
    /// Distinct purchase days (same-day purchases merged) up to the last day, per customer in key order: the covering
    /// index on (customer_key, day, …) gives them in order without a sort.
    /// </summary>
    private const string PurchaseDays = """
        SELECT t.customer_key, t.day FROM transactions t
        WHERE t.kind = 1 AND t.day <= @lastDay
        GROUP BY t.customer_key, t.day
        ORDER BY t.customer_key, t.day
        """;

    private const string SegmentPurchaseDays = """
        SELECT t.customer_key, t.day FROM transactions t
        WHERE t.kind = 1 AND t.day <= @lastDay AND t.customer_key IN (SELECT c.key FROM customers c WHERE c.segment = @segment)
        GROUP BY t.customer_key, t.day
        ORDER BY t.customer_key, t.day
        """;

    private const string Cohorts = "SELECT c.acquired_at, c.churned_at FROM customers c";

    private const string SegmentCohorts = "SELECT c.acquired_at, c.churned_at FROM customers c WHERE c.segment = @segment";

    /// <summary>
    /// Calls <paramref name="onCustomer"/> once per customer of <paramref name="segment"/> (all when null) with a purchase
    /// on or before <paramref name="lastDay"/> (UTC day number), with its distinct purchase days up to it, ascending.
    /// The span is reused after the call.
    /// </summary>
    public async Task ReadPurchaseDaysAsync(string? segment, long lastDay, Action<long, ReadOnlySpan<long>> onCustomer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onCustomer);
        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        using var reader = new RowReader(connection, segment is null ? PurchaseDays : SegmentPurchaseDays,
            [new("@lastDay", lastDay), new("@segment", segment)]);
        var days = new List<long>();
        long customer = long.MinValue;
        long rows = 0;
        while (reader.Read())
        {
            var key = reader.GetInt64(0);
            if (key != customer && days.Count > 0)
            {
                onCustomer(customer, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(days));
                days.Clear();
            }

            customer = key;
            days.Add(reader.GetInt64(1));
            if ((++rows & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        if (days.Count > 0)
        {
            onCustomer(customer, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(days));
        }

        StoreMetrics.Record(StoreMetrics.ReadModelInputs, started);
    }

    /// <summary>Calls <paramref name="onCustomer"/> with every customer's acquisition and recorded churn, of <paramref name="segment"/> (all when null).</summary>
    public async Task ReadCohortFactsAsync(string? segment, Action<CohortFacts> onCustomer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onCustomer);
        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        using var reader = new RowReader(connection, segment is null ? Cohorts : SegmentCohorts,
            [new("@segment", segment)]);
        long rows = 0;
        while (reader.Read())
        {
            onCustomer(new CohortFacts(reader.GetInt64(0), reader.IsNull(1) ? null : reader.GetInt64(1)));
            if ((++rows & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        StoreMetrics.Record(StoreMetrics.ReadModelInputs, started);
    }
}
