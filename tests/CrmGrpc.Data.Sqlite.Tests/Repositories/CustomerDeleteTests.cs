using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Repositories;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Metrics;
using Microsoft.Data.Sqlite;

namespace CrmGrpc.Data.Sqlite.Tests.Repositories;

/// <summary>
/// Erasure (<see cref="CustomerRepository.DeleteAsync"/>): a book of two customers with rows in every table that refers
/// to a customer; erasing one empties each table of its rows, leaves the other's alone, and is all or nothing.
/// </summary>
public sealed class CustomerDeleteTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Every table with a customer_key column (Migrations/*.sql).
    private static readonly string[] KeyedTables =
        ["transactions", "customer_totals", "survey_responses", "support_interactions", "activity_events", "metric_run_results"];

    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        await _store.Customers.ImportAsync([Samples.Customer("c-1", segment: "smb"), Samples.Customer("c-2", segment: "ent")], [], None);
        await _store.Transactions.ImportAsync(
        [
            Samples.Transaction("t-1", "c-1", amount: 1_000),
            Samples.Transaction("t-2", "c-1", Samples.T0.AddDays(5), amount: 2_000),
            Samples.Transaction("t-3", "c-1", Samples.T0.AddDays(9), amount: 4_000),
            Samples.Transaction("t-4", "c-2", amount: 30_000),
        ], [], None);
        await _store.Engagement.ImportSurveyResponsesAsync(
            [Samples.Survey("r-1", "c-1"), Samples.Survey("r-2", "c-1"), Samples.Survey("r-3", "c-2")], [], None);
        await _store.Engagement.ImportSupportInteractionsAsync([Samples.Support("i-1", "c-1"), Samples.Support("i-2", "c-2")], [], None);
        await _store.Engagement.ImportActivityEventsAsync([Samples.Activity("a-1", "c-1"), Samples.Activity("a-2", "c-2")], [], None);
        await _store.Engagement.RecordChangeAsync(Samples.Change("ch-1") with { TreatedCustomerIds = ["c-2", "c-1", "c-3"] }, None);
        await _store.Engagement.RecordChangeAsync(Samples.Change("ch-2") with { TreatedCustomerIds = ["c-2"] }, None);

        var models = new ModelRepository(_store.Database);
        foreach (var name in new[] { "run-a", "run-b" })
        {
            var run = await models.CreateRunAsync(name, "m-1", Samples.T0.AddDays(30), TestStore.Start, None);
            await models.AppendRunResultsAsync(
                run, [new RunResult(await KeyOf("c-1"), 70, 80, 0.5, 1.5), new RunResult(await KeyOf("c-2"), 300, null, null, null)], None);
        }

        // Rejected rows kept under the customer's id: a customer import's (erased) and a transaction import's (kept).
        await _store.Customers.ImportAsync([], [Rejection("c-1"), Rejection("c-2")], None);
        await _store.Transactions.ImportAsync([], [Rejection("c-1")], None);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task DeleteAsync_erases_every_row_that_refers_to_the_customer_and_reports_the_counts()
    {
        var key = await KeyOf("c-1");

        var erased = await _store.Customers.DeleteAsync("c-1", None);

        Assert.Equal(new ErasedCustomer("c-1", Transactions: 3, SurveyResponses: 2, SupportInteractions: 1, ActivityEvents: 1,
            RunResults: 2, CrmChanges: 1, RejectedRows: 1), erased);
        Assert.Null(await _store.Customers.GetAsync("c-1", None));
        foreach (var table in KeyedTables)
        {
            Assert.True(await CountOf(table, key) == 0, $"{table} still has rows of the erased customer");
        }

        Assert.Equal(0, await _store.ScalarAsync<long>("SELECT count(*) FROM customers WHERE key = @key OR id = 'c-1'", new { key }));
        Assert.Equal("[\"c-2\",\"c-3\"]", await TreatedOf("ch-1"));
        Assert.Equal("[\"c-2\"]", await TreatedOf("ch-2"));
        var rejections = await _store.RejectionsAsync();
        Assert.DoesNotContain(rejections, r => r is { Entity: "customer", RowId: "c-1" });
        Assert.Contains(rejections, r => r is { Entity: "transaction", RowId: "c-1" });
        // The per-code counts of the data-quality report count what imports received, and stay.
        Assert.Equal(2, await _store.ScalarAsync<long>("SELECT rejected_rows FROM ingest_rejection_counts WHERE entity = 'customer'"));
    }

    [Fact]
    public async Task DeleteAsync_leaves_the_other_customers_rows_as_they_were()
    {
        var key = await KeyOf("c-2");
        var before = await SnapshotOf(key);
        var totalsBefore = await TotalsOf(key);

        await _store.Customers.DeleteAsync("c-1", None);

        Assert.Equal(before, await SnapshotOf(key));
        Assert.Equal(totalsBefore, await TotalsOf(key));
        Assert.NotNull(await _store.Customers.GetAsync("c-2", None));
        Assert.Contains(await _store.RejectionsAsync(), r => r is { Entity: "customer", RowId: "c-2" });
    }

    [Fact]
    public async Task Portfolio_aggregates_afterwards_drop_by_exactly_the_erased_customers_contribution()
    {
        var period = new Period(Samples.T0.AddDays(-1), Samples.T0.AddDays(60));
        var portfolio = new PortfolioRepository(_store.Database);
        var before = await portfolio.ReadAsync(period, Grouping.Create(GroupDimension.Segment, ""), ChurnDefinition.RecordedOnly, None);
        Assert.Equal(3, before.Customers["smb"]["web"].Purchases);

        await _store.Customers.DeleteAsync("c-1", None);

        var after = await portfolio.ReadAsync(period, Grouping.Create(GroupDimension.Segment, ""), ChurnDefinition.RecordedOnly, None);
        var cells = after.Customers.SelectMany(g => g.Value.Values).ToList();
        // Only c-2 remains: one purchase of 30,000, one customer acquired, its one NPS response and support interaction.
        Assert.Equal(1, cells.Sum(c => c.Purchases));
        Assert.Equal(30_000, cells.Sum(c => c.PurchaseRevenueMinor));
        Assert.Equal(1, cells.Sum(c => c.PurchasingCustomers));
        Assert.Equal(1, cells.Sum(c => c.CustomersAcquired));
        Assert.Equal(1, after.Engagement.Values.Sum(e => e.NpsResponses));
        Assert.Equal(1, after.Engagement.Values.Sum(e => e.SupportInteractions));
        Assert.False(after.Customers.TryGetValue("smb", out var smb) && smb.Values.Any(c => c.CustomersAcquired > 0 || c.Purchases > 0));
    }

    [Fact]
    public async Task DeleteAsync_an_unknown_id_is_null_and_erases_nothing()
    {
        Assert.Null(await _store.Customers.DeleteAsync("c-9", None));
        Assert.Null(await _store.Customers.DeleteAsync("C-1", None));

        Assert.Equal(4, await _store.CountAsync("transactions"));
        Assert.Equal(2, await _store.CountAsync("customers"));
        Assert.Equal("[\"c-2\",\"c-1\",\"c-3\"]", await TreatedOf("ch-1"));
    }

    [Fact]
    public async Task DeleteAsync_counts_as_a_write_to_the_book()
    {
        var version = _store.Database.Version;

        await _store.Customers.DeleteAsync("c-1", None);

        Assert.True(_store.Database.Version > version, "caches derived from the book (the RFM distribution) must see the erasure");
    }

    [Fact]
    public async Task DeleteAsync_failing_at_its_last_statement_erases_nothing_and_releases_the_writer()
    {
        // The customer's own row goes last, after every child table: a failure there must take back all the deletes before it.
        await _store.ScalarAsync<long>(
            "CREATE TRIGGER fail_erasure BEFORE DELETE ON customers BEGIN SELECT RAISE(ABORT, 'injected failure'); END; SELECT 0");
        var tables = KeyedTables.Concat(["customers", "ingest_rejections"]).ToList();
        var before = new List<long>();
        foreach (var table in tables)
        {
            before.Add(await _store.CountAsync(table));
        }

        var failure = await Assert.ThrowsAsync<SqliteException>(() => _store.Customers.DeleteAsync("c-1", None));

        Assert.Contains("injected failure", failure.Message);
        var after = new List<long>();
        foreach (var table in tables)
        {
            after.Add(await _store.CountAsync(table));
        }

        Assert.Equal(before, after);
        Assert.Equal("[\"c-2\",\"c-1\",\"c-3\"]", await TreatedOf("ch-1"));
        Assert.NotNull(await _store.Customers.GetAsync("c-1", None));

        await _store.ScalarAsync<long>("DROP TRIGGER fail_erasure; SELECT 0");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.NotNull(await _store.Customers.DeleteAsync("c-1", timeout.Token));
    }

    [Fact]
    public async Task The_id_can_be_imported_again_afterwards_as_a_new_customer_with_none_of_the_old_rows()
    {
        await _store.Customers.DeleteAsync("c-1", None);

        await _store.Customers.ImportAsync([Samples.Customer("c-1", segment: "new")], [], None);
        var results = await _store.Transactions.ImportAsync([Samples.Transaction("t-1", "c-1", amount: 500)], [], None);

        Assert.Equal(RowOutcome.Inserted, results[0].Outcome);
        var key = await KeyOf("c-1");
        Assert.Equal(1, await CountOf("transactions", key));
        Assert.Equal(0, await CountOf("metric_run_results", key));
        Assert.Equal(0, await CountOf("survey_responses", key));
        Assert.Equal(500, (await TotalsOf(key)).PurchaseMinor);
        Assert.Equal("new", (await _store.Customers.GetAsync("c-1", None))!.Segment);
    }

    [Fact]
    public async Task Run_results_of_a_customer_erased_after_its_chunk_was_read_are_not_stored_and_the_others_are()
    {
        // A recalculation reads a chunk of customers, computes, then appends their results: an erasure in between must
        // not fail the run (the results' customer_key references customers) nor leave a result of an erased customer.
        var models = new ModelRepository(_store.Database);
        var run = await models.CreateRunAsync("run-c", "m-1", Samples.T0.AddDays(30), TestStore.Start, None);
        RunResult[] chunk = [new(await KeyOf("c-1"), 70, null, null, null), new(await KeyOf("c-2"), 300, null, null, null)];

        await _store.Customers.DeleteAsync("c-1", None);
        await models.AppendRunResultsAsync(run, chunk, None);

        Assert.Equal(
            [chunk[1].CustomerKey],
            await _store.QueryAsync<long>("SELECT customer_key FROM metric_run_results WHERE run_key = @run", new { run }));
    }

    private static EarlyRejection Rejection(string rowId) =>
        new(rowId, new FieldViolation("email", "is not an e-mail address", RejectionReason.InvalidField));

    private Task<long> KeyOf(string id) => _store.ScalarAsync<long>("SELECT key FROM customers WHERE id = @id", new { id });

    private Task<long> CountOf(string table, long key) =>
        _store.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE customer_key = @key", new { key });

    private Task<string> TreatedOf(string id) =>
        _store.ScalarAsync<string>("SELECT treated_customer_ids FROM crm_changes WHERE id = @id", new { id });

    private async Task<List<long>> SnapshotOf(long key)
    {
        var counts = new List<long>();
        foreach (var table in KeyedTables)
        {
            counts.Add(await CountOf(table, key));
        }

        return counts;
    }

    private async Task<TotalsRow> TotalsOf(long key) =>
        (await _store.QueryAsync<TotalsRow>(
            """
            SELECT purchases AS Purchases, purchase_minor AS PurchaseMinor, refund_minor AS RefundMinor, latest_at AS LatestAt,
                   last_purchase_at AS LastPurchaseAt
            FROM customer_totals WHERE customer_key = @key
            """,
            new { key })).Single();

    private sealed record TotalsRow(long Purchases, long PurchaseMinor, long RefundMinor, long LatestAt, long? LastPurchaseAt);
}
