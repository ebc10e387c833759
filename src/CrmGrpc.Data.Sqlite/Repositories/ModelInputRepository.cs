using System.Diagnostics;
using Dapper;
using CrmGrpc.Data.Sqlite.Native;
using CrmGrpc.Data.Sqlite.Totals;
using Microsoft.Data.Sqlite;

using CrmGrpc.Data.Repositories;

namespace CrmGrpc.Data.Sqlite.Repositories;

/// <summary>
/// What the models beyond BG/NBD read that the stored totals do not hold: each customer's distinct purchase days
/// (BG/CNBD-k's inter-purchase times, BG/BB's periods, holdout validation) and the customers' acquisition and churn
/// (sBG). Each read runs in one read transaction, so it sees one snapshot of the book.
/// </summary>
public sealed class ModelInputRepository(SqliteDatabase database) : IModelInputRepository
{
    /// <summary>
    /// Each customer's purchase days as its totals keep them (migration 0007), for the customers who purchased by the
    /// last day, in key order: one row per customer instead of one per purchase.
    /// </summary>
    private const string PurchaseDays = """
        SELECT ct.customer_key, ct.purchase_day_list FROM customer_totals ct
        WHERE ct.first_day <= @lastDay AND ct.customer_key BETWEEN @firstKey AND @lastKey
        ORDER BY ct.customer_key
        """;

    private const string SegmentPurchaseDays = """
        SELECT ct.customer_key, ct.purchase_day_list FROM customer_totals ct
        WHERE ct.first_day <= @lastDay AND ct.customer_key BETWEEN @firstKey AND @lastKey
          AND ct.customer_key IN (SELECT c.key FROM customers c WHERE c.segment = @segment)
        ORDER BY ct.customer_key
        """;

    private const string CustomerKeys = "SELECT (SELECT min(key) FROM customers), (SELECT max(key) FROM customers)";

    private const string EarliestPurchaseDay = "SELECT min(first_day) FROM customer_totals WHERE first_day <= @lastDay";

    private const string SegmentEarliestPurchaseDay = """
        SELECT min(t.first_day) FROM customer_totals t JOIN customers c ON c.key = t.customer_key
        WHERE t.first_day <= @lastDay AND c.segment = @segment
        """;

    private const string Cohorts = "SELECT c.acquired_at, c.churned_at FROM customers c";

    private const string SegmentCohorts = "SELECT c.acquired_at, c.churned_at FROM customers c WHERE c.segment = @segment";

    /// <summary>
    /// Calls <paramref name="onCustomer"/> once per customer of <paramref name="segment"/> (all when null) with a purchase
    /// on or before <paramref name="lastDay"/> (UTC day number), with its part's number and its distinct purchase days up
    /// to it, ascending. The customers are split into <paramref name="parts"/> consecutive ranges of keys, each read on its
    /// own connection and thread (measured at 1M / 10M: one thread took most of a 2.5 s BG/BB fit), so calls of different
    /// parts overlap while one part's calls never do; part p's customers all have lower keys than part p + 1's. All parts
    /// see one snapshot: their read transactions begin while no write of this process can commit. The span is reused
    /// after the call.
    /// </summary>
    public async Task ReadPurchaseDaysAsync(
        string? segment, long lastDay, int parts, Action<int, long, ReadOnlySpan<long>> onCustomer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onCustomer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parts);
        var started = Stopwatch.GetTimestamp();
        var connections = new List<SqliteConnection>(parts);
        var transactions = new List<SqliteTransaction>(parts);
        try
        {
            (long First, long Last)? keys = null;
            using (await database.HoldWritesAsync(cancellationToken))
            {
                for (var part = 0; part < parts; part++)
                {
                    var connection = await database.OpenAsync(cancellationToken);
                    connections.Add(connection);
                    transactions.Add(connection.BeginTransaction(deferred: true));
                }

                // The first read of each transaction fixes its snapshot.
                foreach (var connection in connections)
                {
                    using var range = new RowReader(connection, CustomerKeys, []);
                    keys = range.Read() && !range.IsNull(0) ? (range.GetInt64(0), range.GetInt64(1)) : null;
                }
            }

            if (keys is not var (first, last))
            {
                return;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var span = last - first + 1;
            // Each part on the caller's scheduler (the server's heavy threads), not necessarily the thread pool.
            await Task.WhenAll(connections.Select((connection, part) => Task.Factory.StartNew(() =>
            {
                try
                {
                    ReadDays(connection, segment, lastDay, first + (span * part / parts), first + (span * (part + 1) / parts) - 1,
                        (key, days) => onCustomer(part, key, days), stop.Token);
                }
                catch
                {
                    stop.Cancel();
                    throw;
                }
            }, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Current)));
            StoreMetrics.Record(StoreMetrics.Sqlite, StoreMetrics.ReadModelInputs, started);
        }
        finally
        {
            foreach (var transaction in transactions)
            {
                await transaction.DisposeAsync();
            }

            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>One part of <see cref="ReadPurchaseDaysAsync"/>: the customers with keys <paramref name="firstKey"/> to <paramref name="lastKey"/>.</summary>
    private static void ReadDays(
        SqliteConnection connection, string? segment, long lastDay, long firstKey, long lastKey, Action<long, ReadOnlySpan<long>> onCustomer, CancellationToken cancellationToken)
    {
        using var reader = new RowReader(connection, segment is null ? PurchaseDays : SegmentPurchaseDays,
            [new("@lastDay", lastDay), new("@segment", segment), new("@firstKey", firstKey), new("@lastKey", lastKey)]);
        var days = new List<long>();
        long rows = 0;
        while (reader.Read())
        {
            PurchaseDayList.Parse(reader.GetUtf8(1), lastDay, days);
            if (days.Count > 0)
            {
                onCustomer(reader.GetInt64(0), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(days));
            }

            if ((++rows & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
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

        StoreMetrics.Record(StoreMetrics.Sqlite, StoreMetrics.ReadModelInputs, started);
    }

    /// <summary>
    /// The first purchase day (UTC day number) of the earliest customer of <paramref name="segment"/> (all when null) who
    /// purchased on or before <paramref name="lastDay"/>; null when none did. One scan of the per-customer totals.
    /// </summary>
    public async Task<long?> EarliestPurchaseDayAsync(string? segment, long lastDay, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenAsync(cancellationToken);
        var day = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            segment is null ? EarliestPurchaseDay : SegmentEarliestPurchaseDay, new { lastDay, segment }, cancellationToken: cancellationToken));
        StoreMetrics.Record(StoreMetrics.Sqlite, StoreMetrics.ReadModelInputs, started);
        return day;
    }
}
