using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Validation;

namespace CrmGrpc.Data.Postgres.Tests.Writes;

/// <summary>
/// A customer's totals never pass 64 bits: the rows that would carry one past it are rejected alone (bigint out of range
/// in refresh_customer_totals), every other row of their batch or merge is kept, and the customer can go on buying
/// within the limit; the same rows as on SQLite.
/// </summary>
public sealed class TotalsOverflowTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const long Max = MoneyLimits.MaxAmountMinor;

    // 9,223 purchases of the largest amount fit in a 64-bit total; the 9,224th does not.
    private static readonly int Fitting = (int)(long.MaxValue / Max);

    private WriteStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await WriteStore.CreateAsync();
        await _store.Customers.ImportAsync([Samples.Customer("c-1"), Samples.Customer("c-2")], [], None);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static Transaction Big(int i, string customer = "c-1", TransactionKind kind = TransactionKind.Purchase) =>
        Samples.Transaction($"big-{customer}-{kind}-{i}", customer, amount: Max) with { Kind = kind, CostMinor = null };

    private Task<long> TotalOf(string column, string customer) =>
        _store.ScalarAsync<long>($"SELECT {column} FROM customer_totals WHERE customer_key = (SELECT key FROM customers WHERE id = @customer)", new { customer });

    [Fact]
    public async Task Rows_past_a_64_bit_total_are_rejected_and_the_rest_of_the_batch_is_kept()
    {
        var batch = Enumerable.Range(0, Fitting + 3).Select(i => Big(i)).ToList();
        batch.Insert(100, Samples.Transaction("other-customer", "c-2"));
        batch.Add(Big(0, kind: TransactionKind.Refund));

        var results = await _store.Transactions.ImportAsync(batch, [], None);

        var rejected = results.Select((r, i) => (r, i)).Where(x => x.r.Outcome == RowOutcome.Rejected).ToList();
        Assert.Equal(3, rejected.Count);
        Assert.All(rejected, x =>
        {
            Assert.Equal(RejectionReason.BadAmount, x.r.Violation!.Reason);
            Assert.Equal("amount_minor", x.r.Violation.Field);
            Assert.Contains("purchase total", x.r.Violation.Description, StringComparison.Ordinal);
        });
        Assert.Equal(["big-c-1-Purchase-9223", "big-c-1-Purchase-9224", "big-c-1-Purchase-9225"], rejected.Select(x => batch[x.i].Id));
        Assert.Equal(batch.Count - 3, await _store.CountAsync("transactions"));
        Assert.Equal(Fitting * Max, await TotalOf("purchase_minor", "c-1"));
        Assert.Equal(Max, await TotalOf("refund_minor", "c-1"));
        Assert.Equal(1, await TotalOf("purchases", "c-2"));
        Assert.Equal(3, (await _store.RejectionsAsync()).Count(r => r.Code == (int)RejectionReason.BadAmount));
    }

    [Fact]
    public async Task A_later_batch_that_would_overflow_loses_only_that_row()
    {
        await _store.Transactions.ImportAsync(Enumerable.Range(0, Fitting).Select(i => Big(i)).ToList(), [], None);
        var headroom = long.MaxValue - Fitting * Max;

        var results = await _store.Transactions.ImportAsync(
            [Samples.Transaction("fits", amount: headroom), Samples.Transaction("one-too-many", amount: 1), Samples.Transaction("c-2-row", "c-2")], [], None);

        Assert.Equal(RowOutcome.Inserted, results[0].Outcome);
        Assert.Equal(RowOutcome.Rejected, results[1].Outcome);
        Assert.Equal(RowOutcome.Inserted, results[2].Outcome);
        Assert.Equal(long.MaxValue, await TotalOf("purchase_minor", "c-1"));
        Assert.Null(await _store.Transactions.GetAsync("one-too-many", None));
    }

    [Fact]
    public async Task Costs_past_a_64_bit_total_are_rejected_as_bad_cost()
    {
        var batch = Enumerable.Range(0, Fitting + 1)
            .Select(i => Samples.Transaction($"cost-{i}", amount: 1) with { CostMinor = Max })
            .ToList();

        var results = await _store.Transactions.ImportAsync(batch, [], None);

        var rejected = Assert.Single(results, r => r.Outcome == RowOutcome.Rejected);
        Assert.Equal("cost_minor", rejected.Violation!.Field);
        Assert.Equal(Fitting * Max, await _store.ScalarAsync<long>("SELECT cost_minor FROM customer_totals"));
    }

    [Fact]
    public async Task A_bulk_merge_rejects_the_same_rows_as_the_batch_path_and_the_sqlite_store_with_their_positions()
    {
        var rows = Enumerable.Range(0, Fitting + 2).Select(i => Big(i)).ToList();
        rows.Insert(50, Samples.Transaction("other-customer", "c-2"));
        rows.Add(rows[50]); // a repeat of the other customer's row: a duplicate
        await using var sqlite = await SqliteSide.CreateAsync();
        await sqlite.Customers.ImportAsync([Samples.Customer("c-1"), Samples.Customer("c-2")], [], None);

        var postgres = await MergeAsync(_store.Transactions, rows);
        var reference = await MergeAsync(sqlite.Transactions, rows);

        Assert.Equal((reference.Inserted, reference.Duplicates, reference.Reasons), (postgres.Inserted, postgres.Duplicates, postgres.Reasons));
        Assert.Equal(reference.Rejected, postgres.Rejected);
        Assert.Equal(((long)Fitting + 1, 1L), (postgres.Inserted, postgres.Duplicates));
        Assert.Equal([(9224L, "big-c-1-Purchase-9223"), (9225L, "big-c-1-Purchase-9224")], postgres.Rejected);
        Assert.Equal(Fitting * Max, await TotalOf("purchase_minor", "c-1"));
        Assert.Equal(await BookDump.OfAsync(sqlite), await BookDump.OfAsync(_store));
    }

    private static async Task<(long Inserted, long Duplicates, List<(long, string)> Rejected, string Reasons)> MergeAsync(
        ITransactionRepository transactions, List<Transaction> rows)
    {
        await using var load = await transactions.OpenBulkLoadAsync(None);
        foreach (var (chunk, index) in rows.Chunk(500).Select((c, i) => (c, i)))
        {
            load.Stage(chunk, [.. Enumerable.Range(index * 500, chunk.Length).Select(p => (long)p)], index + 1, []);
        }

        var merged = await load.MergeAsync(None);
        return (merged.Inserted, merged.Duplicates, [.. merged.Rejected.Select(r => (r.Position, r.Id))],
            string.Join("; ", merged.Rejected.Select(r => $"{r.Violation.Field} {r.Violation.Reason} {r.Violation.Description}")));
    }
}
