using CrmGrpc.Data.Postgres.Import;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Data.Postgres.Tests.Writes;

/// <summary>The SQLite store's BatchWriterTests on PostgreSQL: idempotency by id, conflicts, unknown customers, the log.</summary>
public sealed class BatchWriterTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private WriteStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await WriteStore.CreateAsync();
        await _store.Customers.ImportAsync([Samples.Customer("c-1"), Samples.Customer("c-2")], [], None);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private long NowMs => _store.Time.Now.ToUnixTimeMilliseconds();

    private static void AssertRejected(RowResult result, string field, RejectionReason reason)
    {
        Assert.Equal(RowOutcome.Rejected, result.Outcome);
        Assert.NotNull(result.Violation);
        Assert.Equal(field, result.Violation.Field);
        Assert.Equal(reason, result.Violation.Reason);
    }

    [Fact]
    public async Task New_rows_are_inserted()
    {
        var results = await _store.Transactions.ImportAsync(
            [Samples.Transaction("t-1"), Samples.Transaction("t-2", "c-2"), Samples.Transaction("t-3")], [], None);

        Assert.Equal([RowResult.Inserted, RowResult.Inserted, RowResult.Inserted], results);
        Assert.Equal(3, await _store.CountAsync("transactions"));
        Assert.Equal(Samples.Transaction("t-2", "c-2"), await _store.Transactions.GetAsync("t-2", None));
        Assert.Empty(await _store.RejectionsAsync());
    }

    [Fact]
    public async Task An_empty_batch_writes_nothing_and_leaves_the_book_version()
    {
        var version = await _store.ScalarAsync<long>("SELECT last_value FROM book_version");

        var results = await _store.Transactions.ImportAsync([], [], None);

        Assert.Empty(results);
        Assert.Equal(0, await _store.CountAsync("transactions"));
        Assert.Equal(version, await _store.ScalarAsync<long>("SELECT last_value FROM book_version"));
    }

    [Fact]
    public async Task A_write_bumps_the_book_version_after_it_commits()
    {
        var version = await _store.ScalarAsync<long>("SELECT last_value FROM book_version");

        await _store.Transactions.ImportAsync([Samples.Transaction("t-1")], [], None);

        Assert.True(await _store.ScalarAsync<long>("SELECT last_value FROM book_version") > version);
    }

    [Fact]
    public async Task The_same_row_again_is_a_duplicate_and_written_once()
    {
        await _store.Transactions.ImportAsync([Samples.Transaction("t-1")], [], None);

        var results = await _store.Transactions.ImportAsync([Samples.Transaction("t-1")], [], None);

        Assert.Equal([RowResult.Duplicate], results);
        Assert.Equal(1, await _store.CountAsync("transactions"));
        Assert.Empty(await _store.RejectionsAsync());
    }

    [Fact]
    public async Task The_same_id_with_other_content_is_a_conflict_and_the_stored_row_stays()
    {
        var original = Samples.Transaction("t-1", amount: 100);
        await _store.Transactions.ImportAsync([original], [], None);
        _store.Time.Advance(TimeSpan.FromMinutes(1));

        var results = await _store.Transactions.ImportAsync([original with { AmountMinor = 200 }], [], None);

        AssertRejected(Assert.Single(results), "id", RejectionReason.Conflict);
        Assert.Equal(original, await _store.Transactions.GetAsync("t-1", None));
        var rejection = Assert.Single(await _store.RejectionsAsync());
        Assert.Equal(("transaction", "t-1", 3, "id"), (rejection.Entity, rejection.RowId, rejection.Code, rejection.Field));
        Assert.Equal("transaction 't-1' is already stored with different content", rejection.Reason);
        Assert.Equal(NowMs, rejection.RejectedAt);
        Assert.Equal(1, await _store.ScalarAsync<long>("SELECT rejected_rows FROM ingest_rejection_counts WHERE entity = 'transaction' AND code = 3"));
    }

    [Fact]
    public async Task A_replay_with_sub_millisecond_timestamps_is_a_duplicate()
    {
        var precise = Samples.Transaction("t-1", at: Samples.T0.AddTicks(4_321));
        await _store.Transactions.ImportAsync([precise], [], None);

        var results = await _store.Transactions.ImportAsync([precise], [], None);

        Assert.Equal([RowResult.Duplicate], results);
        Assert.Equal(Samples.T0, (await _store.Transactions.GetAsync("t-1", None))!.OccurredAt);
    }

    [Fact]
    public async Task A_row_of_an_unknown_customer_is_rejected_and_not_stored()
    {
        var results = await _store.Transactions.ImportAsync([Samples.Transaction("t-1", "nobody")], [], None);

        AssertRejected(Assert.Single(results), "customer_id", RejectionReason.UnknownCustomer);
        Assert.Equal(0, await _store.CountAsync("transactions"));
        var rejection = Assert.Single(await _store.RejectionsAsync());
        Assert.Equal(("transaction", "t-1", 2, "customer_id", "customer 'nobody' does not exist"),
            (rejection.Entity, rejection.RowId, rejection.Code, rejection.Field, rejection.Reason));
    }

    [Fact]
    public async Task A_customer_unknown_in_one_batch_is_found_in_a_later_one()
    {
        await _store.Transactions.ImportAsync([Samples.Transaction("t-1", "c-3")], [], None);
        await _store.Customers.CreateAsync(Samples.Customer("c-3"), None);

        var results = await _store.Transactions.ImportAsync([Samples.Transaction("t-1", "c-3")], [], None);

        Assert.Equal([RowResult.Inserted], results);
    }

    [Fact]
    public async Task A_changed_customer_is_updated_keeping_its_create_time()
    {
        var created = _store.Time.Now;
        _store.Time.Advance(TimeSpan.FromHours(2));
        var changed = Samples.Customer("c-1", segment: "enterprise") with
        {
            ChurnedAt = Samples.T0.AddDays(90),
            Attributes = new Dictionary<string, string> { ["country"] = "FR" },
        };

        var results = await _store.Customers.ImportAsync([changed], [], None);

        Assert.Equal([RowResult.Updated], results);
        var stored = await _store.Customers.GetAsync("c-1", None);
        Assert.NotNull(stored);
        Assert.True(stored.SameContentAs(changed));
        Assert.Equal(created, stored.CreateTime);
        Assert.Equal(_store.Time.Now, stored.UpdateTime);
        Assert.Equal(2, await _store.CountAsync("customers"));
    }

    [Fact]
    public async Task An_unchanged_customer_is_a_duplicate_and_its_update_time_stays()
    {
        var before = await _store.Customers.GetAsync("c-1", None);
        _store.Time.Advance(TimeSpan.FromHours(2));

        var results = await _store.Customers.ImportAsync([Samples.Customer("c-1")], [], None);

        Assert.Equal([RowResult.Duplicate], results);
        Assert.Equal(before!.UpdateTime, (await _store.Customers.GetAsync("c-1", None))!.UpdateTime);
    }

    [Fact]
    public async Task A_customer_replayed_with_attributes_in_another_order_is_a_duplicate()
    {
        var reordered = Samples.Customer("c-1") with
        {
            Attributes = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["age_band"] = "30-39", ["country"] = "UK" },
        };

        Assert.Equal([RowResult.Duplicate], await _store.Customers.ImportAsync([reordered], [], None));
    }

    [Fact]
    public async Task Good_rows_of_a_mixed_batch_are_kept()
    {
        await _store.Transactions.ImportAsync([Samples.Transaction("t-old", amount: 1)], [], None);

        var results = await _store.Transactions.ImportAsync(
        [
            Samples.Transaction("t-1"),
            Samples.Transaction("t-2", "nobody"),
            Samples.Transaction("t-3", "c-2"),
            Samples.Transaction("t-old", amount: 2),
            Samples.Transaction("t-old", amount: 1),
        ], [], None);

        Assert.Equal(RowResult.Inserted, results[0]);
        AssertRejected(results[1], "customer_id", RejectionReason.UnknownCustomer);
        Assert.Equal(RowResult.Inserted, results[2]);
        AssertRejected(results[3], "id", RejectionReason.Conflict);
        Assert.Equal(RowResult.Duplicate, results[4]);
        Assert.Equal(["t-1", "t-3", "t-old"], await _store.QueryAsync<string>("SELECT id FROM transactions ORDER BY id"));
        Assert.Equal([("t-2", 2), ("t-old", 3)], (await _store.RejectionsAsync()).Select(r => (r.RowId, r.Code)));
    }

    [Fact]
    public async Task Early_rejections_are_logged_with_the_batch()
    {
        EarlyRejection[] early =
        [
            new("r-bad", new FieldViolation("score", "must be between 0 and 10, was 11")),
            new("", new FieldViolation("id", "id is required")),
        ];

        var results = await _store.Engagement.ImportSurveyResponsesAsync([Samples.Survey("r-1"), Samples.Survey("r-2", "nobody")], early, None);

        Assert.Equal(RowResult.Inserted, results[0]);
        AssertRejected(results[1], "customer_id", RejectionReason.UnknownCustomer);
        var rejections = await _store.RejectionsAsync();
        Assert.Equal(
            [("survey_response", "r-bad", 1, "score", "must be between 0 and 10, was 11"),
             ("survey_response", "", 1, "id", "id is required"),
             ("survey_response", "r-2", 2, "customer_id", "customer 'nobody' does not exist")],
            rejections.Select(r => (r.Entity, r.RowId, r.Code, r.Field, r.Reason)));
        Assert.All(rejections, r => Assert.Equal(NowMs, r.RejectedAt));
    }

    [Fact]
    public async Task Early_rejections_are_logged_when_no_row_is_good()
    {
        var results = await _store.Transactions.ImportAsync(
            [], [new EarlyRejection("t-1", new FieldViolation("currency", "'EUR' is not the book's currency USD", RejectionReason.BadCurrency))], None);

        Assert.Empty(results);
        var rejection = Assert.Single(await _store.RejectionsAsync());
        Assert.Equal(("transaction", "t-1", 5, "currency"), (rejection.Entity, rejection.RowId, rejection.Code, rejection.Field));
    }

    [Fact]
    public async Task A_token_cancelled_before_writing_leaves_nothing_of_the_batch()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.Transactions.ImportAsync(
            [Samples.Transaction("t-1"), Samples.Transaction("t-2")],
            [new EarlyRejection("t-0", new FieldViolation("amount_minor", "must be positive, was 0", RejectionReason.BadAmount))],
            cancelled.Token));

        Assert.Equal(0, await _store.CountAsync("transactions"));
        Assert.Empty(await _store.RejectionsAsync());
    }

    [Fact]
    public async Task A_batch_waiting_for_the_book_lock_and_cancelled_leaves_nothing_and_the_next_one_writes()
    {
        // Another server holds the book's write lock: this batch waits on it, is cancelled, and writes nothing.
        await using var other = await _store.Database.OpenAsync(None);
        await using var held = await other.BeginTransactionAsync();
        await PostgresDatabase.LockBookAsync(other, held, None);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.Transactions.ImportAsync(
            [Samples.Transaction("t-1")], [new EarlyRejection("t-0", new FieldViolation("id", "bad"))], cancellation.Token));
        await held.RollbackAsync();

        Assert.Equal(0, await _store.CountAsync("transactions"));
        Assert.Empty(await _store.RejectionsAsync());
        Assert.Equal([RowResult.Inserted], await _store.Transactions.ImportAsync([Samples.Transaction("t-1")], [], None));
    }

    [Fact]
    public async Task A_failure_while_writing_leaves_nothing_of_the_batch()
    {
        // The rejection log's insert fails after the rows were copied in: the whole batch is undone.
        await _store.ExecuteAsync("""
            CREATE FUNCTION fail_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
            CREATE TRIGGER fail_log BEFORE INSERT ON ingest_rejections FOR EACH ROW EXECUTE FUNCTION fail_log();
            """);

        var failure = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => _store.Transactions.ImportAsync(
            [Samples.Transaction("t-1"), Samples.Transaction("t-2", "nobody")], [], None));

        Assert.Contains("injected failure", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _store.CountAsync("transactions"));
        Assert.Equal(0, await _store.CountAsync("customer_totals"));
        await _store.ExecuteAsync("DROP TRIGGER fail_log ON ingest_rejections");
        Assert.Equal([RowResult.Inserted], await _store.Transactions.ImportAsync([Samples.Transaction("t-1")], [], None));
    }

    [Fact]
    public async Task The_same_row_twice_in_one_batch_is_stored_once()
    {
        var results = await _store.Transactions.ImportAsync([Samples.Transaction("t-1"), Samples.Transaction("t-1")], [], None);

        Assert.Equal([RowResult.Inserted, RowResult.Duplicate], results);
        Assert.Equal(1, await _store.CountAsync("transactions"));
    }

    [Fact]
    public async Task The_same_id_twice_in_one_batch_with_other_content_is_a_duplicate_in_batch()
    {
        var first = Samples.Transaction("t-1", amount: 100);

        var results = await _store.Transactions.ImportAsync([first, first with { AmountMinor = 999 }], [], None);

        Assert.Equal(RowResult.Inserted, results[0]);
        AssertRejected(results[1], "id", RejectionReason.DuplicateInBatch);
        Assert.Equal("transaction 't-1' appears earlier in this batch with different content", results[1].Violation!.Description);
        Assert.Equal(first, await _store.Transactions.GetAsync("t-1", None));
        Assert.Equal(7, Assert.Single(await _store.RejectionsAsync()).Code);
    }

    [Fact]
    public async Task The_same_customer_twice_in_one_batch_with_other_content_keeps_the_first()
    {
        var first = Samples.Customer("c-3");
        var second = first with { Name = "Ada King" };

        var results = await _store.Customers.ImportAsync([first, second], [], None);

        Assert.Equal(RowResult.Inserted, results[0]);
        AssertRejected(results[1], "id", RejectionReason.DuplicateInBatch);
        Assert.Equal(first.Name, (await _store.Customers.GetAsync("c-3", None))!.Name);
    }

    [Fact]
    public async Task A_stored_customer_updated_then_changed_again_in_the_same_batch_keeps_the_first_change()
    {
        var update = Samples.Customer("c-1") with { Name = "Ada King" };

        var results = await _store.Customers.ImportAsync([update, update with { Name = "Ada Byron" }, update], [], None);

        Assert.Equal(RowResult.Updated, results[0]);
        AssertRejected(results[1], "id", RejectionReason.DuplicateInBatch);
        Assert.Equal(RowResult.Duplicate, results[2]);
        Assert.Equal("Ada King", (await _store.Customers.GetAsync("c-1", None))!.Name);
    }

    [Fact]
    public async Task A_large_batch_is_written_in_one_go_with_exact_totals()
    {
        var rows = Enumerable.Range(0, 2_000)
            .Select(i => Samples.Transaction($"t-{i:D5}", i % 2 == 0 ? "c-1" : "c-2", Samples.T0.AddMinutes(i), 100 + i))
            .ToList();

        var results = await _store.Transactions.ImportAsync(rows, [], None);

        Assert.All(results, r => Assert.Equal(RowResult.Inserted, r));
        Assert.Equal(2_000, await _store.CountAsync("transactions"));
        Assert.Equal(rows.Sum(r => r.AmountMinor), await _store.ScalarAsync<long>("SELECT sum(purchase_minor)::bigint FROM customer_totals"));
        Assert.Equal(2_000, await _store.ScalarAsync<long>("SELECT sum(purchases)::bigint FROM customer_totals"));
    }

    [Fact]
    public async Task InsertIfAbsentAsync_inserts_once_and_never_logs()
    {
        Assert.True(await _store.Writer.InsertIfAbsentAsync(CrmChangeMapping.Instance, Samples.Change("ch-1"), None));
        Assert.False(await _store.Writer.InsertIfAbsentAsync(CrmChangeMapping.Instance, Samples.Change("ch-1") with { Name = "other" }, None));

        Assert.Equal("loyalty programme", (await _store.Engagement.GetChangeAsync("ch-1", None))!.Name);
        Assert.Empty(await _store.RejectionsAsync());
    }

    [Fact]
    public async Task CreateAsync_a_taken_id_is_already_exists()
    {
        await Assert.ThrowsAsync<AlreadyExistsException>(() => _store.Customers.CreateAsync(Samples.Customer("c-1"), None));
    }

    [Fact]
    public async Task Every_engagement_entity_is_idempotent_by_id_and_reads_back_alike()
    {
        Assert.Equal([RowResult.Inserted], await _store.Engagement.ImportMarketingSpendAsync([Samples.Spend()], [], None));
        Assert.Equal([RowResult.Duplicate], await _store.Engagement.ImportMarketingSpendAsync([Samples.Spend()], [], None));
        AssertRejected((await _store.Engagement.ImportMarketingSpendAsync([Samples.Spend() with { AmountMinor = 1 }], [], None))[0], "id", RejectionReason.Conflict);
        Assert.Equal([RowResult.Inserted], await _store.Engagement.ImportSupportInteractionsAsync([Samples.Support()], [], None));
        Assert.Equal([RowResult.Duplicate], await _store.Engagement.ImportSupportInteractionsAsync([Samples.Support()], [], None));
        Assert.Equal([RowResult.Inserted], await _store.Engagement.ImportActivityEventsAsync([Samples.Activity()], [], None));
        Assert.Equal([RowResult.Duplicate], await _store.Engagement.ImportActivityEventsAsync([Samples.Activity()], [], None));
        Assert.Equal([RowResult.Inserted], await _store.Engagement.ImportSurveyResponsesAsync([Samples.Survey()], [], None));
        Assert.Equal([RowResult.Duplicate], await _store.Engagement.ImportSurveyResponsesAsync([Samples.Survey()], [], None));
        Assert.Equal(RowResult.Inserted, await _store.Engagement.RecordChangeAsync(Samples.Change(), None));
        // The treated customers are a set: another order is the same change.
        Assert.Equal(RowResult.Duplicate, await _store.Engagement.RecordChangeAsync(Samples.Change() with { TreatedCustomerIds = ["c-2", "c-1"] }, None));
        AssertRejected(await _store.Engagement.RecordChangeAsync(Samples.Change() with { Name = "other" }, None), "id", RejectionReason.Conflict);

        var change = await _store.Engagement.GetChangeAsync("ch-1", None);
        Assert.True(change!.SameContentAs(Samples.Change()));
        Assert.Equal(["c-1", "c-2"], change.TreatedCustomerIds);
    }
}
