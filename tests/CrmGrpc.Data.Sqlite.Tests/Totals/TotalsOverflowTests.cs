using CrmGrpc.Data.Import;
using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Repositories;
using CrmGrpc.Domain;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Validation;

namespace CrmGrpc.Data.Sqlite.Tests.Totals;

/// <summary>
/// A customer's totals never pass 64 bits: the rows that would carry one past it are rejected alone, every other
/// row of their batch is kept, and the customer can go on buying within the limit.
/// </summary>
public sealed class TotalsOverflowTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const long Max = MoneyLimits.MaxAmountMinor;

    // 9,223 purchases of the largest amount fit in a 64-bit total; the 9,224th does not.
    private static readonly int Fitting = (int)(long.MaxValue / Max);

    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        await _store.Customers.ImportAsync([Samples.Customer("c-1"), Samples.Customer("c-2")], [], None);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static Transaction Big(int i, string customer = "c-1", TransactionKind kind = TransactionKind.Purchase) =>
        Samples.Transaction($"big-{customer}-{kind}-{i}", customer, amount: Max) with { Kind = kind, CostMinor = null };

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
        Assert.Equal(Fitting * Max, await _store.ScalarAsync<long>("SELECT purchase_minor FROM customer_totals WHERE customer_key = (SELECT key FROM customers WHERE id = 'c-1')"));
        Assert.Equal(Max, await _store.ScalarAsync<long>("SELECT refund_minor FROM customer_totals WHERE customer_key = (SELECT key FROM customers WHERE id = 'c-1')"));
        Assert.Equal(1, await _store.ScalarAsync<long>("SELECT purchases FROM customer_totals WHERE customer_key = (SELECT key FROM customers WHERE id = 'c-2')"));
        Assert.Equal(3, (await _store.RejectionsAsync()).Count(r => r.Code == (long)RejectionReason.BadAmount));
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
        Assert.Equal(long.MaxValue, await _store.ScalarAsync<long>("SELECT purchase_minor FROM customer_totals WHERE customer_key = (SELECT key FROM customers WHERE id = 'c-1')"));
        Assert.Null(await _store.Transactions.GetAsync("one-too-many", None));
    }

    [Fact]
    public async Task Book_wide_sums_past_2_to_the_63_stay_finite_and_close()
    {
        // Each customer's total just fits in 64 bits; the two together do not.
        foreach (var customer in new[] { "c-1", "c-2" })
        {
            await _store.Transactions.ImportAsync(Enumerable.Range(0, Fitting).Select(i => Big(i, customer)).ToList(), [], None);
        }

        var aggregates = await new PortfolioRepository(_store.Database).ReadAsync(
            new Period(Samples.T0, Samples.T0.AddDays(30)), Grouping.Create(GroupDimension.None, ""), ChurnDefinition.RecordedOnly, None);

        var revenue = aggregates.Customers.Values.SelectMany(g => g.Values).Sum(c => c.PurchaseRevenueMinor);
        Assert.Equal(2.0 * Fitting * Max, revenue, 2.0 * Fitting * Max * 1e-12);
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
    public async Task A_bulk_load_unit_past_a_64_bit_total_loses_only_the_rows_past_it()
    {
        var unit = Enumerable.Range(0, Fitting + 2).Select(i => Big(i)).ToList();
        unit.Insert(50, Samples.Transaction("other-customer", "c-2"));

        var merged = await BulkLoadAsync(unit);

        Assert.Equal(unit.Count - 2, merged.Inserted);
        Assert.Equal(["big-c-1-Purchase-9223", "big-c-1-Purchase-9224"], merged.Rejected.Select(r => r.Id));
        Assert.Equal([Fitting + 1L, Fitting + 2L], merged.Rejected.Select(r => r.Position));
        Assert.All(merged.Rejected, r => Assert.Equal(RejectionReason.BadAmount, r.Violation.Reason));
        Assert.Equal(Fitting * Max, await PurchaseTotalAsync("c-1"));
        Assert.Equal(12_345, await PurchaseTotalAsync("c-2"));
    }

    [Fact]
    public async Task A_bulk_load_unit_that_fits_alone_but_not_on_the_stored_total_loses_only_that_row()
    {
        await _store.Transactions.ImportAsync(Enumerable.Range(0, Fitting).Select(i => Big(i)).ToList(), [], None);
        var headroom = long.MaxValue - Fitting * Max;

        var merged = await BulkLoadAsync(
            [Samples.Transaction("fits", amount: headroom), Samples.Transaction("one-too-many", amount: 1), Samples.Transaction("c-2-row", "c-2")]);

        Assert.Equal(2, merged.Inserted);
        Assert.Equal("one-too-many", Assert.Single(merged.Rejected).Id);
        Assert.Equal(long.MaxValue, await PurchaseTotalAsync("c-1"));
        Assert.Equal(12_345, await PurchaseTotalAsync("c-2"));
        Assert.Null(await _store.Transactions.GetAsync("one-too-many", None));
    }

    private async Task<MergeResult> BulkLoadAsync(List<Transaction> rows)
    {
        await using var load = await _store.Transactions.OpenBulkLoadAsync(None);
        load.Stage(rows, [.. Enumerable.Range(0, rows.Count).Select(i => (long)i)], 1, []);
        load.Prepare();
        return await load.MergeAsync(None);
    }

    private Task<long> PurchaseTotalAsync(string customer) => _store.ScalarAsync<long>(
        "SELECT purchase_minor FROM customer_totals WHERE customer_key = (SELECT key FROM customers WHERE id = @customer)", new { customer });
}
