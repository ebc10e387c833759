using System.Diagnostics;
using System.Runtime.InteropServices;
using CrmGrpc.Data.Postgres.Reads;
using Npgsql;
using NpgsqlTypes;

namespace CrmGrpc.Data.Postgres.Repositories;

/// <summary>
/// What the models beyond BG/NBD read that the stored totals' sums do not hold: each customer's distinct purchase days
/// (from <c>customer_totals.purchase_day_list</c>, one row per customer) and the customers' acquisition and churn. Heavy
/// reads (the replica when configured), streamed; the read in parts shares one exported snapshot.
/// </summary>
public sealed class ModelInputRepository(PostgresDatabase database) : IModelInputRepository
{
    private const string PurchaseDays = """
        SELECT ct.customer_key, ct.purchase_day_list FROM customer_totals ct
        WHERE ct.first_day <= @lastDay AND ct.customer_key BETWEEN @firstKey AND @lastKey
          AND (@segment::text IS NULL OR ct.customer_key IN (SELECT c.key FROM customers c WHERE c.segment = @segment))
        ORDER BY ct.customer_key
        """;

    private const string EarliestPurchaseDay = """
        SELECT min(ct.first_day)::bigint FROM customer_totals ct
        WHERE ct.first_day <= @lastDay
          AND (@segment::text IS NULL OR ct.customer_key IN (SELECT c.key FROM customers c WHERE c.segment = @segment))
        """;

    private const string Cohorts = """
        SELECT c.acquired_at, c.churned_at FROM customers c
        WHERE @segment::text IS NULL OR c.segment = @segment
        ORDER BY c.key
        """;

    /// <summary>
    /// Calls <paramref name="onCustomer"/> once per customer of <paramref name="segment"/> (all when null) with a purchase
    /// on or before <paramref name="lastDay"/>, with its part's number, key and distinct purchase days up to it, ascending.
    /// The customers are split into <paramref name="parts"/> consecutive key ranges read at once on their own connections,
    /// all on one exported snapshot; one part's calls never overlap. The span is reused after the call.
    /// </summary>
    public async Task ReadPurchaseDaysAsync(
        string? segment, long lastDay, int parts, Action<int, long, ReadOnlySpan<long>> onCustomer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onCustomer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parts);
        var started = Stopwatch.GetTimestamp();
        await using var snapshot = await ReadSnapshot.OpenPartsAsync(database, parts, cancellationToken);
        if (await KeyRange.ReadAsync(snapshot.Connections[0], snapshot.Transactions[0], cancellationToken) is not { } keys)
        {
            return;
        }

        await Parts.RunAsync(snapshot, keys, async (part, connection, transaction, range, token) =>
        {
            await using var command = new NpgsqlCommand(PurchaseDays, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<long>("lastDay", lastDay));
            command.Parameters.Add(new NpgsqlParameter<long>("firstKey", range.First));
            command.Parameters.Add(new NpgsqlParameter<long>("lastKey", range.Last));
            command.Parameters.Add(Segment(segment));
            await using var reader = await command.ExecuteReaderAsync(token);
            var days = new List<long>();
            while (await reader.ReadAsync(token))
            {
                PurchaseDayList.Distinct(reader.IsDBNull(1) ? null : reader.GetFieldValue<int[]>(1), lastDay, days);
                if (days.Count > 0)
                {
                    onCustomer(part, reader.GetInt64(0), CollectionsMarshal.AsSpan(days));
                }
            }
        }, cancellationToken);
        StoreMetrics.Record(StoreMetrics.Postgres, StoreMetrics.ReadModelInputs, started);
    }

    /// <summary>Calls <paramref name="onCustomer"/> with every customer's acquisition and recorded churn, of <paramref name="segment"/> (all when null), in key order.</summary>
    public async Task ReadCohortFactsAsync(string? segment, Action<CohortFacts> onCustomer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onCustomer);
        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenHeavyReadAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Cohorts, connection);
        command.Parameters.Add(Segment(segment));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            onCustomer(new CohortFacts(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1)));
        }

        StoreMetrics.Record(StoreMetrics.Postgres, StoreMetrics.ReadModelInputs, started);
    }

    /// <summary>The first purchase day of the earliest customer of <paramref name="segment"/> (all when null) who purchased on or before <paramref name="lastDay"/>; null when none did.</summary>
    public async Task<long?> EarliestPurchaseDayAsync(string? segment, long lastDay, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenHeavyReadAsync(cancellationToken);
        await using var command = new NpgsqlCommand(EarliestPurchaseDay, connection);
        command.Parameters.Add(new NpgsqlParameter<long>("lastDay", lastDay));
        command.Parameters.Add(Segment(segment));
        var day = await command.ExecuteScalarAsync(cancellationToken);
        StoreMetrics.Record(StoreMetrics.Postgres, StoreMetrics.ReadModelInputs, started);
        return day is long value ? value : null;
    }

    private static NpgsqlParameter Segment(string? segment) =>
        new("segment", NpgsqlDbType.Text) { Value = (object?)segment ?? DBNull.Value };
}
