using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Repositories;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Data.Sqlite.Tests.Repositories;

public sealed class TransactionRepositoryTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private TestStore _store = null!;

    private TransactionRepository Transactions => _store.Transactions;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        await _store.Customers.ImportAsync([Samples.Customer("c-1"), Samples.Customer("c-2"), Samples.Customer("c-empty")], [], None);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>Follows the cursors page by page until an empty page.</summary>
    private async Task<List<List<string>>> PagesAsync(string? customerId, Period? period, int limit)
    {
        var pages = new List<List<string>>();
        var after = TransactionCursor.Start;
        while (true)
        {
            var page = await Transactions.ListAsync(customerId, period, after, limit, None);
            Assert.NotNull(page);
            if (page.Count == 0)
            {
                return pages;
            }

            pages.Add(page.Select(p => p.Transaction.Id).ToList());
            after = page[^1].Cursor;
        }
    }

    [Fact]
    public async Task RecordAsync_inserts_then_reports_duplicate_and_conflict()
    {
        var transaction = Samples.Transaction();

        Assert.Equal(RowResult.Inserted, await Transactions.RecordAsync(transaction, None));
        Assert.Equal(RowResult.Duplicate, await Transactions.RecordAsync(transaction, None));
        var conflict = await Transactions.RecordAsync(transaction with { Category = "software" }, None);

        Assert.Equal(RowOutcome.Rejected, conflict.Outcome);
        Assert.Equal(RejectionReason.Conflict, conflict.Violation!.Reason);
        Assert.Equal(transaction, await Transactions.GetAsync(transaction.Id, None));
        Assert.Equal(1, await _store.CountAsync("transactions"));
    }

    [Fact]
    public async Task RecordAsync_of_an_unknown_customer_is_rejected()
    {
        var result = await Transactions.RecordAsync(Samples.Transaction("t-1", "nobody"), None);

        Assert.Equal(RowOutcome.Rejected, result.Outcome);
        Assert.Equal(("customer_id", RejectionReason.UnknownCustomer), (result.Violation!.Field, result.Violation.Reason));
        Assert.Null(await Transactions.GetAsync("t-1", None));
    }

    [Fact]
    public async Task GetAsync_round_trips_every_field()
    {
        var purchase = new Transaction("t-p", "c-2", new DateTimeOffset(2024, 2, 29, 23, 59, 59, 999, TimeSpan.Zero), 9_007_199_254_740_993,
            "USD", TransactionKind.Purchase, SaleType.CrossSell, 0, "Größe L", "");
        var refund = new Transaction("t-r", "c-1", Samples.T0, 1, "USD", TransactionKind.Refund, SaleType.Unspecified, null, "", "");
        await Transactions.ImportAsync([purchase, refund], [], None);

        Assert.Equal(purchase, await Transactions.GetAsync("t-p", None));
        Assert.Equal(refund, await Transactions.GetAsync("t-r", None));
        Assert.Null(await Transactions.GetAsync("t-missing", None));
    }

    [Fact]
    public async Task Money_is_stored_as_integer_minor_units_and_a_refund_as_kind_2()
    {
        await Transactions.ImportAsync(
            [Samples.Transaction("t-p", amount: 12_345), Samples.Transaction("t-r", amount: 500) with { Kind = TransactionKind.Refund, SaleType = SaleType.Upsell }],
            [], None);

        var rows = await _store.QueryAsync<(string Id, long Amount, string Type, long Kind, long SaleType, long OccurredAt)>(
            "SELECT id, amount_minor, typeof(amount_minor), kind, sale_type, occurred_at FROM transactions ORDER BY id");

        Assert.Equal(
            [("t-p", 12_345L, "integer", 1L, 1L, Samples.T0.AddDays(1).ToUnixTimeMilliseconds()),
             ("t-r", 500L, "integer", 2L, 3L, Samples.T0.AddDays(1).ToUnixTimeMilliseconds())],
            rows);
        Assert.Equal(-500, (await Transactions.GetAsync("t-r", None))!.RevenueMinor);
    }

    [Fact]
    public async Task ListAsync_of_every_customer_pages_in_storage_order()
    {
        var t = Samples.T0;
        await Transactions.ImportAsync(
        [
            Samples.Transaction("t-e", "c-1", t.AddHours(3)),
            Samples.Transaction("t-b", "c-2", t.AddHours(1)),
            Samples.Transaction("t-a", "c-1", t),
            Samples.Transaction("t-d", "c-2", t.AddHours(1)),
            Samples.Transaction("t-c", "c-1", t.AddHours(1)),
            Samples.Transaction("t-g", "c-2", t.AddHours(5)),
            Samples.Transaction("t-f", "c-1", t.AddHours(4)),
        ], [], None);

        var pages = await PagesAsync(null, null, 3);

        // Across customers there is no time index (it made ingest 5× slower): the order is the storage order.
        Assert.Equal([["t-e", "t-b", "t-a"], ["t-d", "t-c", "t-g"], ["t-f"]], pages);
        Assert.Equal([["t-a", "t-c", "t-e"], ["t-f"]], await PagesAsync("c-1", null, 3)); // one customer: in time order
    }

    [Fact]
    public async Task ListAsync_of_one_customer_keeps_to_that_customer()
    {
        await Transactions.ImportAsync(
            Enumerable.Range(0, 9).Select(i => Samples.Transaction($"t-{i}", i % 3 == 0 ? "c-2" : "c-1", Samples.T0.AddMinutes(-i))).ToList(),
            [], None);

        var pages = await PagesAsync("c-2", null, 2);

        Assert.Equal([["t-6", "t-3"], ["t-0"]], pages);
        Assert.Equal(6, (await PagesAsync("c-1", null, 4)).Sum(p => p.Count));
    }

    [Fact]
    public async Task ListAsync_cursor_carries_the_row_position()
    {
        await Transactions.ImportAsync([Samples.Transaction("t-1", at: Samples.T0)], [], None);

        var (transaction, cursor) = Assert.Single((await Transactions.ListAsync(null, null, TransactionCursor.Start, 10, None))!);

        Assert.Equal(Samples.Transaction("t-1", at: Samples.T0), transaction);
        Assert.Equal(Samples.T0.ToUnixTimeMilliseconds(), cursor.OccurredAtMs);
        var next = await Transactions.ListAsync(null, null, cursor, 10, None);
        Assert.NotNull(next);
        Assert.Empty(next);
    }

    [Fact]
    public async Task ListAsync_of_an_unknown_customer_is_null_and_of_a_customer_without_transactions_empty()
    {
        await Transactions.ImportAsync([Samples.Transaction("t-1")], [], None);

        Assert.Null(await Transactions.ListAsync("nobody", null, TransactionCursor.Start, 10, None));
        var none = await Transactions.ListAsync("c-empty", null, TransactionCursor.Start, 10, None);
        Assert.NotNull(none);
        Assert.Empty(none);
    }

    [Fact]
    public async Task ListAsync_period_is_half_open()
    {
        var period = new Period(Samples.T0, Samples.T0.AddDays(1));
        await Transactions.ImportAsync(
        [
            Samples.Transaction("before", at: period.Start.AddMilliseconds(-1)),
            Samples.Transaction("at-start", at: period.Start),
            Samples.Transaction("inside", "c-2", at: period.Start.AddHours(5)),
            Samples.Transaction("last-ms", at: period.End.AddMilliseconds(-1)),
            Samples.Transaction("at-end", at: period.End),
        ], [], None);

        Assert.Equal([["at-start", "inside"], ["last-ms"]], await PagesAsync(null, period, 2));
        Assert.Equal([["at-start", "last-ms"]], await PagesAsync("c-1", period, 10));
    }
}
