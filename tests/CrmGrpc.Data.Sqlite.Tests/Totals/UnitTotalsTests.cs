using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Data.Sqlite.Totals;
using CrmGrpc.Domain.Entities;
using Dapper;

namespace CrmGrpc.Data.Sqlite.Tests.Totals;

/// <summary>
/// A bulk-load unit's own sums (summed before its merge) added to the stored totals give the totals the batch path keeps,
/// part after part in any order: first purchase days earlier, equal and later than the stored one, same-day purchases,
/// refunds alone, unknown costs, upsells, days before 1970.
/// </summary>
public sealed class UnitTotalsTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const int Customers = 7;

    private const string InsertSql = """
        INSERT INTO transactions (id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, cost_minor, product, category)
        VALUES (@Id, (SELECT key FROM customers WHERE id = @CustomerId), @OccurredAtMs, @AmountMinor, @Currency, @Kind, @SaleType, @CostMinor,
                @Product, @Category)
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Unit_sums_merged_part_by_part_equal_the_batch_paths_totals(int seed)
    {
        var random = new Random(seed);
        var parts = Book(random).GroupBy(_ => random.Next(4)).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        await using var batch = await StoreWithCustomers();
        await using var unit = await StoreWithCustomers();
        await using var connection = await unit.Database.OpenAsync(None);
        await connection.ExecuteAsync(UnitTotals.CreateSql);
        using var sums = new UnitTotals(connection);

        foreach (var part in parts)
        {
            await batch.Transactions.ImportAsync(part, [], None);

            var keys = (await connection.QueryAsync<(string, long)>("SELECT id, key FROM customers")).ToDictionary(c => c.Item1, c => c.Item2);
            sums.Reset();
            // By customer key, each customer's rows in stream order, as a unit is prepared.
            foreach (var row in part.Select((row, position) => (row, position)).OrderBy(r => keys[r.row.CustomerId]).ThenBy(r => r.position))
            {
                sums.Add(keys[row.row.CustomerId], row.row.OccurredAt.ToUnixTimeMilliseconds(), row.row.AmountMinor, row.row.Kind,
                    row.row.SaleType, row.row.CostMinor);
            }

            sums.Finish();
            Assert.True(sums.Complete);
            using var transaction = connection.BeginTransaction();
            var mark = CustomerTotals.LastSeq(connection, transaction);
            await connection.ExecuteAsync(InsertSql, part.Select(Parameters), transaction);
            Assert.Empty(CustomerTotals.RefreshFromUnit(connection, transaction, mark));
            await connection.ExecuteAsync(UnitTotals.ClearSql, transaction: transaction);
            transaction.Commit();

            Assert.Equal(await TotalsAsync(batch), await TotalsAsync(unit));
        }
    }

    [Fact]
    public async Task A_unit_sum_past_64_bits_leaves_the_sums_incomplete_until_the_next_unit()
    {
        await using var store = await TestStore.CreateAsync();
        await using var connection = await store.Database.OpenAsync(None);
        await connection.ExecuteAsync(UnitTotals.CreateSql);
        using var sums = new UnitTotals(connection);

        sums.Add(1, 0, long.MaxValue / 2 + 1, TransactionKind.Purchase, SaleType.New, null);
        sums.Add(1, 0, long.MaxValue / 2 + 1, TransactionKind.Purchase, SaleType.New, null);
        sums.Add(2, 0, 5, TransactionKind.Refund, SaleType.Unspecified, long.MaxValue);
        sums.Finish();
        Assert.False(sums.Complete);

        sums.Reset();
        sums.Add(2, 0, 5, TransactionKind.Refund, SaleType.Unspecified, long.MaxValue);
        sums.Add(3, 0, 1, TransactionKind.Purchase, SaleType.New, 1);
        sums.Finish();
        Assert.True(sums.Complete);
        Assert.Equal([(2L, 5L, long.MaxValue), (3L, 0L, 1L)],
            await connection.QueryAsync<(long, long, long)>("SELECT customer_key, refund_minor, cost_minor FROM temp.unit_totals ORDER BY customer_key"));
    }

    private static object Parameters(Transaction t) => new
    {
        t.Id, t.CustomerId, OccurredAtMs = t.OccurredAt.ToUnixTimeMilliseconds(), t.AmountMinor, t.Currency, Kind = (long)t.Kind,
        SaleType = (long)t.SaleType, t.CostMinor, t.Product, t.Category,
    };

    /// <summary>Rows of customers c-1 … c-7: c-3 only refunds, c-5 in 1969, several a day, every sale type.</summary>
    private static List<Transaction> Book(Random random)
    {
        var rows = new List<Transaction>();
        for (var i = 0; i < 240; i++)
        {
            var c = 1 + random.Next(Customers);
            var start = c == 5 ? new DateTimeOffset(1969, 12, 20, 0, 0, 0, TimeSpan.Zero) : Samples.T0;
            var at = start.AddDays(random.Next(25)).AddMinutes(random.Next(3) * 417).AddMilliseconds(random.Next(1_000));
            var kind = c == 3 || random.Next(6) == 0 ? TransactionKind.Refund : TransactionKind.Purchase;
            rows.Add(new Transaction($"t-{i}", $"c-{c}", at, 1 + random.Next(90_000), "USD", kind,
                kind == TransactionKind.Refund ? SaleType.Unspecified : (SaleType)random.Next(5),
                random.Next(3) == 0 ? null : random.Next(9_000), "widget", "hardware"));
        }

        return rows;
    }

    private static async Task<TestStore> StoreWithCustomers()
    {
        var store = await TestStore.CreateAsync();
        await store.Customers.ImportAsync([.. Enumerable.Range(1, Customers).Select(c => Samples.Customer($"c-{c}"))], [], None);
        return store;
    }

    private static async Task<List<string>> TotalsAsync(TestStore store) => await store.QueryAsync<string>("""
        SELECT customer_key || '|' || latest_day || '|' || coalesce(first_day, '-') || '|' || coalesce(last_day, '-') || '|' || purchase_days
               || '|' || purchases || '|' || purchase_minor || '|' || refund_minor || '|' || coalesce(first_day_minor, '-') || '|'
               || coalesce(last_purchase_at, '-') || '|' || earliest_at || '|' || latest_at || '|' || cost_minor || '|' || cost_rows || '|'
               || upsells || '|' || coalesce(purchase_day_list, '-')
        FROM customer_totals ORDER BY customer_key
        """);
}
