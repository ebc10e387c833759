namespace CrmGrpc.Data.Postgres.Tests.Writes;

/// <summary>
/// Erasure (<see cref="Repositories.CustomerRepository.DeleteAsync"/>): a book of two customers with rows in every table
/// that refers to a customer; erasing one empties each table of its rows, leaves the other's alone, and is all or nothing.
/// </summary>
public sealed class CustomerEraseTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Every table with a customer_key column (Migrations/0001_initial.sql).
    private static readonly string[] KeyedTables =
        ["transactions", "customer_totals", "survey_responses", "support_interactions", "activity_events", "metric_run_results"];

    private WriteStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await WriteStore.CreateAsync();
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

        foreach (var name in new[] { "run-a", "run-b" })
        {
            var run = await _store.Models.CreateRunAsync(name, "m-1", Samples.T0.AddDays(30), WriteStore.Start, None);
            await _store.Models.AppendRunResultsAsync(
                run, [new RunResult(await _store.KeyOfAsync("c-1"), 70, 80, 0.5, 1.5), new RunResult(await _store.KeyOfAsync("c-2"), 300, null, null, null)], None);
        }

        // Rejected rows kept under the customer's id: a customer import's (erased) and a transaction import's (kept).
        await _store.Customers.ImportAsync([], [Rejection("c-1"), Rejection("c-2")], None);
        await _store.Transactions.ImportAsync([], [Rejection("c-1")], None);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task DeleteAsync_erases_every_row_that_refers_to_the_customer_and_reports_the_counts()
    {
        var key = await _store.KeyOfAsync("c-1");

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
        Assert.Equal(2, await _store.ScalarAsync<long>("SELECT rejected_rows FROM ingest_rejection_counts WHERE entity = 'customer'"));
    }

    [Fact]
    public async Task DeleteAsync_leaves_the_other_customers_rows_as_they_were()
    {
        var key = await _store.KeyOfAsync("c-2");
        var before = await SnapshotOf(key);
        var totalsBefore = await TotalsOf(key);

        await _store.Customers.DeleteAsync("c-1", None);

        Assert.Equal(before, await SnapshotOf(key));
        Assert.Equal(totalsBefore, await TotalsOf(key));
        Assert.NotNull(await _store.Customers.GetAsync("c-2", None));
        Assert.Contains(await _store.RejectionsAsync(), r => r is { Entity: "customer", RowId: "c-2" });
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
    public async Task DeleteAsync_bumps_the_book_version()
    {
        var version = await _store.ScalarAsync<long>("SELECT last_value FROM book_version");

        await _store.Customers.DeleteAsync("c-1", None);

        Assert.True(await _store.ScalarAsync<long>("SELECT last_value FROM book_version") > version);
    }

    [Fact]
    public async Task DeleteAsync_failing_at_its_last_statement_erases_nothing()
    {
        await _store.ExecuteAsync("""
            CREATE FUNCTION fail_erasure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
            CREATE TRIGGER fail_erasure BEFORE DELETE ON customers FOR EACH ROW EXECUTE FUNCTION fail_erasure();
            """);
        var tables = KeyedTables.Concat(["customers", "ingest_rejections"]).ToList();
        var before = new List<long>();
        foreach (var table in tables)
        {
            before.Add(await _store.CountAsync(table));
        }

        var failure = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => _store.Customers.DeleteAsync("c-1", None));

        Assert.Contains("injected failure", failure.Message, StringComparison.Ordinal);
        var after = new List<long>();
        foreach (var table in tables)
        {
            after.Add(await _store.CountAsync(table));
        }

        Assert.Equal(before, after);
        Assert.Equal("[\"c-2\",\"c-1\",\"c-3\"]", await TreatedOf("ch-1"));
        await _store.ExecuteAsync("DROP TRIGGER fail_erasure ON customers");
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
        var key = await _store.KeyOfAsync("c-1");
        Assert.Equal(1, await CountOf("transactions", key));
        Assert.Equal(0, await CountOf("metric_run_results", key));
        Assert.Equal(0, await CountOf("survey_responses", key));
        Assert.Equal(500, (await TotalsOf(key)).PurchaseMinor);
        Assert.Equal("new", (await _store.Customers.GetAsync("c-1", None))!.Segment);
    }

    [Fact]
    public async Task Run_results_of_a_customer_erased_after_its_chunk_was_read_are_not_stored_and_the_others_are()
    {
        var run = await _store.Models.CreateRunAsync("run-c", "m-1", Samples.T0.AddDays(30), WriteStore.Start, None);
        RunResult[] chunk = [new(await _store.KeyOfAsync("c-1"), 70, null, null, null), new(await _store.KeyOfAsync("c-2"), 300, null, null, null)];

        await _store.Customers.DeleteAsync("c-1", None);
        await _store.Models.AppendRunResultsAsync(run, chunk, None);

        Assert.Equal([chunk[1].CustomerKey], await _store.QueryAsync<long>("SELECT customer_key FROM metric_run_results WHERE run_key = @run", new { run }));
    }

    [Fact]
    public async Task An_erasure_started_while_run_results_are_being_appended_waits_for_them_and_erases_them_too()
    {
        var run = await _store.Models.CreateRunAsync("run-d", "m-1", Samples.T0.AddDays(30), WriteStore.Start, None);
        var key = await _store.KeyOfAsync("c-1");
        // A recalculation's append in flight: it has key-share locked c-1 (as AppendRunResultsAsync does) and not committed.
        await using var appending = await _store.Database.OpenAsync(None);
        await using var transaction = await appending.BeginTransactionAsync();
        await using (var command = new Npgsql.NpgsqlCommand("SELECT key FROM customers WHERE key = @key FOR KEY SHARE", appending, transaction))
        {
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteScalarAsync();
        }

        var erasure = _store.Customers.DeleteAsync("c-1", None);
        await Task.Delay(300);
        Assert.False(erasure.IsCompleted, "the erasure waits for the append holding its customer");
        await using (var insert = new Npgsql.NpgsqlCommand(
            "INSERT INTO metric_run_results (run_key, customer_key, historical_clv) VALUES (@run, @key, 1)", appending, transaction))
        {
            insert.Parameters.AddWithValue("run", run);
            insert.Parameters.AddWithValue("key", key);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        var erased = await erasure;

        Assert.Equal(3, erased!.RunResults);
        Assert.Equal(0, await CountOf("metric_run_results", key));
    }

    private static EarlyRejection Rejection(string rowId) =>
        new(rowId, new CrmGrpc.Domain.Errors.FieldViolation("email", "is not an e-mail address", CrmGrpc.Domain.Errors.RejectionReason.InvalidField));

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
