using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;
using Dapper;

namespace CrmGrpc.Data.Sqlite.Tests.Import;

/// <summary>
/// Bulk loads (issue 16) store exactly what the batch path stores, whatever the order of the rows and however the
/// stream falls into merges: the same rows, the same per-customer totals, the same duplicates, conflicts and rejections.
/// </summary>
public sealed class TransactionBulkLoadTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private const int Customers = 23;

    public enum Order
    {
        Customer,
        Time,
        Random,
    }

    /// <summary>One row's outcome as a client sees it: accepted, duplicate, or rejected with a reason.</summary>
    private sealed record Outcome(long Position, string What);

    [Theory]
    [InlineData(Order.Customer, 1, false)]
    [InlineData(Order.Time, 1, false)]
    [InlineData(Order.Random, 1, true)]
    [InlineData(Order.Time, 37, true)]
    [InlineData(Order.Random, 37, false)]
    [InlineData(Order.Random, 1_000, false)]
    public async Task Rows_and_totals_equal_the_batch_path_in_any_order_and_any_unit(Order order, int unitRows, bool prepare)
    {
        var rows = Ordered(Book(), order);
        await using var batch = await StoreWithCustomers();
        await using var bulk = await StoreWithCustomers(unitRows);

        var expected = await BatchPathAsync(batch, Messages(rows, 16));
        var actual = await BulkPathAsync(bulk, Messages(rows, 16), prepare);

        Assert.Equal(expected, actual);
        Assert.Equal(rows.Count - 1, await bulk.CountAsync("transactions")); // all but the unknown customer's
        Assert.Equal(await DumpAsync(batch), await DumpAsync(bulk));
    }

    [Fact]
    public async Task Customer_and_time_order_leave_identical_rows_and_totals()
    {
        await using var byCustomer = await StoreWithCustomers(50);
        await using var byTime = await StoreWithCustomers(50);

        await BulkPathAsync(byCustomer, Messages(Ordered(Book(), Order.Customer), 10));
        await BulkPathAsync(byTime, Messages(Ordered(Book(), Order.Time), 10));

        Assert.Equal(await DumpAsync(byCustomer), await DumpAsync(byTime));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1_000)]
    public async Task Duplicates_conflicts_and_repeats_are_classified_as_by_the_batch_path(int unitRows)
    {
        var first = new List<Transaction> { Tx("t-1", "c-1", 1), Tx("t-2", "c-2", 2), Tx("t-3", "c-3", 3) };
        List<List<Transaction>> second =
        [
            // A resent row, a changed row, a new row, an unknown customer.
            [Tx("t-1", "c-1", 1), Tx("t-2", "c-2", 99), Tx("t-4", "c-4", 4), Tx("t-x", "nobody", 5)],
            // The same id twice in one message: the same content is a duplicate, other content DUPLICATE_IN_BATCH.
            [Tx("t-5", "c-5", 5), Tx("t-5", "c-5", 5), Tx("t-5", "c-5", 55), Tx("t-6", "c-6", 6)],
            // An id of an earlier message again: the same content a duplicate, other content a conflict.
            [Tx("t-6", "c-6", 6), Tx("t-4", "c-4", 44), Tx("t-2", "c-2", 2)],
            // An id whose first row was rejected (unknown customer) can still be stored.
            [Tx("t-x", "c-7", 7), Tx("t-3", "c-3", 3)],
        ];

        await using var batch = await StoreWithCustomers();
        await using var bulk = await StoreWithCustomers(unitRows);
        await BatchPathAsync(batch, [first]);
        await BulkPathAsync(bulk, [first]);

        var expected = await BatchPathAsync(batch, second);
        var actual = await BulkPathAsync(bulk, second);

        Assert.Equal(expected, actual);
        Assert.Equal(new Summary(4, 5, string.Join("; ",
            new Outcome(1, "Rejected Conflict id"), new Outcome(3, "Rejected UnknownCustomer customer_id"),
            new Outcome(6, "Rejected DuplicateInBatch id"), new Outcome(9, "Rejected Conflict id"))), actual);
        Assert.Equal(await DumpAsync(batch), await DumpAsync(bulk));
        Assert.Equal(
            await batch.QueryAsync<(string, long)>("SELECT row_id, code FROM ingest_rejections ORDER BY row_id, code"),
            await bulk.QueryAsync<(string, long)>("SELECT row_id, code FROM ingest_rejections ORDER BY row_id, code"));
    }

    [Fact]
    public async Task A_customer_created_after_staging_is_found_and_an_erased_one_is_unknown()
    {
        await using var store = await StoreWithCustomers(1_000);
        await using var load = await store.Transactions.OpenBulkLoadAsync(None);
        load.Stage([Tx("t-new", "c-late", 1), Tx("t-gone", "c-2", 2), Tx("t-kept", "c-3", 3)], [0, 1, 2], 1, []);

        await store.Customers.ImportAsync([Samples.Customer("c-late")], [], None);
        Assert.NotNull(await store.Customers.DeleteAsync("c-2", None));
        var merged = await load.MergeAsync(None);

        Assert.Equal(2, merged.Inserted);
        var rejected = Assert.Single(merged.Rejected);
        Assert.Equal((1L, "t-gone", RejectionReason.UnknownCustomer), (rejected.Position, rejected.Id, rejected.Violation.Reason));
        Assert.Equal(["t-kept", "t-new"], await store.QueryAsync<string>("SELECT id FROM transactions ORDER BY id"));
    }

    [Fact]
    public async Task A_key_from_an_earlier_unit_is_not_used_once_its_customer_is_erased_and_a_late_customer_is_found()
    {
        await using var store = await StoreWithCustomers(1);
        await using var load = await store.Transactions.OpenBulkLoadAsync(None);
        load.Stage([Tx("t-a", "c-3", 1), Tx("t-late-a", "c-late", 2)], [0, 1], 1, []);
        var first = await load.MergeAsync(None);
        Assert.Equal((1L, RejectionReason.UnknownCustomer), (first.Inserted, Assert.Single(first.Rejected).Violation.Reason));

        // c-3 is erased and made again under a new key; c-late now exists.
        Assert.NotNull(await store.Customers.DeleteAsync("c-3", None));
        await store.Customers.ImportAsync([Samples.Customer("c-3"), Samples.Customer("c-late")], [], None);
        load.Stage([Tx("t-b", "c-3", 3), Tx("t-late-b", "c-late", 4)], [2, 3], 2, []);
        var second = await load.MergeAsync(None);

        Assert.Equal(2, second.Inserted);
        Assert.Empty(second.Rejected);
        Assert.Equal(
            await store.QueryAsync<(string, long)>("SELECT id, key FROM customers WHERE id IN ('c-3', 'c-late') ORDER BY id"),
            await store.QueryAsync<(string, long)>(
                "SELECT c.id, t.customer_key FROM transactions t JOIN customers c ON c.key = t.customer_key ORDER BY c.id"));
        Assert.Equal(2, await store.CountAsync("customer_totals"));
    }

    [Fact]
    public async Task After_enough_look_ups_every_customer_key_is_read_at_once_and_a_customer_made_later_is_still_found()
    {
        await using var store = await StoreWithCustomers(1_000);
        store.BulkLoad.ReadAllCustomerKeysAfter = 5;
        await using var load = await store.Transactions.OpenBulkLoadAsync(None);
        var staging = Assert.IsType<TransactionBulkLoad>(load);
        load.Stage([.. Enumerable.Range(1, 4).Select(c => Tx($"t-{c}", $"c-{c}", c))], [0, 1, 2, 3], 1, []);
        Assert.False(staging.AllCustomerKeysCached);
        load.Stage([.. Enumerable.Range(5, 6).Select(c => Tx($"t-{c}", $"c-{c}", c))], [4, 5, 6, 7, 8, 9], 2, []);
        Assert.True(staging.AllCustomerKeysCached);

        // Made after the keys were read: unknown when staged, found at the merge; a customer that never exists is rejected.
        await store.Customers.ImportAsync([Samples.Customer("c-late")], [], None);
        load.Stage([Tx("t-late", "c-late", 11), Tx("t-nobody", "c-nobody", 12), Tx("t-23", "c-23", 13)], [10, 11, 12], 3, []);
        var merged = await load.MergeAsync(None);

        Assert.Equal(12, merged.Inserted);
        var rejected = Assert.Single(merged.Rejected);
        Assert.Equal((11L, "t-nobody", RejectionReason.UnknownCustomer), (rejected.Position, rejected.Id, rejected.Violation.Reason));
        Assert.Equal(
            await store.QueryAsync<long>("SELECT count(*) FROM transactions t JOIN customers c ON c.key = t.customer_key WHERE t.id = 't-' || substr(c.id, 3)"),
            [12L]);
        // The unit named a customer unknown when staged: the keys are read again only after enough look-ups.
        Assert.False(staging.AllCustomerKeysCached);
    }

    /// <summary>The book has 23 customers: its keys are read at once with room for 1,000, looked up one by one with 22 or 0.</summary>
    [Theory]
    [InlineData(1_000)]
    [InlineData(22)]
    [InlineData(0)]
    public async Task Rows_equal_the_batch_path_whether_or_not_every_customer_key_fits_in_the_cache(int cachedCustomerKeys)
    {
        var rows = Ordered(Book(), Order.Random);
        await using var batch = await StoreWithCustomers();
        await using var bulk = await StoreWithCustomers(40);
        bulk.BulkLoad.ReadAllCustomerKeysAfter = 3;
        bulk.BulkLoad.CachedCustomerKeys = cachedCustomerKeys;

        var expected = await BatchPathAsync(batch, Messages(rows, 8));
        var actual = await BulkPathAsync(bulk, Messages(rows, 8));

        Assert.Equal(expected, actual);
        Assert.Equal(await DumpAsync(batch), await DumpAsync(bulk));
    }

    [Fact]
    public async Task A_prepared_unit_takes_no_more_rows_until_it_is_merged()
    {
        await using var store = await StoreWithCustomers(1_000);
        await using var load = await store.Transactions.OpenBulkLoadAsync(None);
        load.Stage([Tx("t-1", "c-1", 1), Tx("t-2", "c-2", 2)], [0, 1], 1, []);
        load.Prepare();
        load.Prepare();

        Assert.Throws<InvalidOperationException>(() => load.Stage([Tx("t-3", "c-3", 3)], [2], 2, []));
        Assert.Equal(0, await store.CountAsync("transactions"));
        Assert.Equal(2, (await load.MergeAsync(None)).Inserted);

        load.Prepare(); // nothing staged: the next merge is empty, and staging goes on after it
        Assert.Equal(0, (await load.MergeAsync(None)).Inserted);
        load.Stage([Tx("t-3", "c-3", 3)], [2], 2, []);
        Assert.Equal(1, (await load.MergeAsync(None)).Inserted);
    }

    [Fact]
    public async Task A_cancelled_merge_writes_nothing_and_a_later_merge_stores_the_unit()
    {
        await using var store = await StoreWithCustomers(1_000);
        await using var load = await store.Transactions.OpenBulkLoadAsync(None);
        load.Stage([Tx("t-1", "c-1", 1), Tx("t-2", "c-2", 2)], [0, 1], 1, []);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => load.MergeAsync(new CancellationToken(canceled: true)));
        Assert.Equal(0, await store.CountAsync("transactions"));

        Assert.Equal(2, (await load.MergeAsync(None)).Inserted);
        Assert.Equal(2, await store.CountAsync("customer_totals"));
    }

    [Fact]
    public async Task Staged_rows_are_invisible_until_their_merge_commits_and_a_disposed_load_leaves_nothing()
    {
        await using var store = await StoreWithCustomers(1_000);
        await using (var load = await store.Transactions.OpenBulkLoadAsync(None))
        {
            load.Stage([Tx("t-1", "c-1", 1)], [0], 1, []);
            Assert.Equal(0, await store.CountAsync("transactions"));
        }

        Assert.Equal(0, await store.CountAsync("transactions"));
        Assert.Equal(0, await store.CountAsync("customer_totals"));
        await using var next = await store.Transactions.OpenBulkLoadAsync(None);
        Assert.Equal(0, (await next.MergeAsync(None)).Inserted);
    }

    private static Transaction Tx(string id, string customerId, long amount) =>
        Samples.Transaction(id, customerId, Samples.T0.AddDays(amount % 40), amount);

    /// <summary>
    /// A small book: customers with 0–9 rows each, refunds, unknown costs, same-day purchases, every sale type, days before
    /// 1970, an unknown customer.
    /// </summary>
    private static List<Transaction> Book()
    {
        var random = new Random(16);
        var rows = new List<Transaction>();
        for (var c = 1; c <= Customers; c++)
        {
            for (var k = 0; k < c % 10; k++)
            {
                var refund = random.Next(8) == 0;
                // c-5's history is in 1969: days before the epoch are negative.
                var start = c == 5 ? new DateTimeOffset(1969, 7, 1, 0, 0, 0, TimeSpan.Zero) : Samples.T0;
                rows.Add(new Transaction($"t-{c:D2}-{k}", $"c-{c}", start.AddDays(random.Next(200)).AddMinutes(random.Next(3) * 7),
                    1 + random.Next(50_000), "USD", refund ? TransactionKind.Refund : TransactionKind.Purchase,
                    refund ? SaleType.Unspecified : (SaleType)random.Next(5), random.Next(3) == 0 ? null : random.Next(9_000), "widget", "hardware"));
            }
        }

        rows.Add(Tx("t-unknown", "c-missing", 3));
        return rows;
    }

    private static List<Transaction> Ordered(List<Transaction> rows, Order order)
    {
        var shuffle = new Random(42);
        return Ordered(rows, order, shuffle);
    }

    private static List<Transaction> Ordered(List<Transaction> rows, Order order, Random shuffle) => order switch
    {
        Order.Customer => rows,
        Order.Time => [.. rows.OrderBy(r => r.OccurredAt).ThenBy(r => r.Id, StringComparer.Ordinal)],
        _ => [.. rows.OrderBy(_ => shuffle.Next())],
    };

    private static List<List<Transaction>> Messages(List<Transaction> rows, int size) => [.. rows.Chunk(size).Select(m => m.ToList())];

    private static async Task<TestStore> StoreWithCustomers(int unitRows = 1_000)
    {
        var store = await TestStore.CreateAsync();
        store.BulkLoad.UnitRows = unitRows;
        await store.Customers.ImportAsync([.. Enumerable.Range(1, Customers).Select(c => Samples.Customer($"c-{c}"))], [], None);
        return store;
    }

    /// <summary>What a stream's summary says: rows accepted, duplicates, and each rejected row with its reason.</summary>
    private sealed record Summary(long Accepted, long Duplicates, string Rejected);

    /// <summary>Each message written by the batch path in its own transaction, as imports did before bulk loads.</summary>
    private static async Task<Summary> BatchPathAsync(TestStore store, List<List<Transaction>> messages)
    {
        var rejected = new List<Outcome>();
        long position = 0, accepted = 0, duplicates = 0;
        foreach (var message in messages)
        {
            foreach (var result in await store.Transactions.ImportAsync(message, [], None))
            {
                accepted += result.Outcome == RowOutcome.Inserted ? 1 : 0;
                duplicates += result.Outcome == RowOutcome.Duplicate ? 1 : 0;
                if (result.Outcome == RowOutcome.Rejected)
                {
                    rejected.Add(new Outcome(position, Describe(result.Outcome, result.Violation)));
                }

                position++;
            }
        }

        return new Summary(accepted, duplicates, string.Join("; ", rejected));
    }

    /// <summary>
    /// The same messages through one bulk load: staged, merged whenever the unit is full (prepared first when told, as an
    /// import does while its previous unit merges), and at the end.
    /// </summary>
    private static async Task<Summary> BulkPathAsync(TestStore store, List<List<Transaction>> messages, bool prepare = false)
    {
        var rejected = new List<Outcome>();
        long position = 0, accepted = 0, duplicates = 0;
        await using var load = await store.Transactions.OpenBulkLoadAsync(None);
        for (var m = 0; m < messages.Count; m++)
        {
            load.Stage(messages[m], [.. messages[m].Select(_ => position++)], m + 1, []);
            if (load.IsFull)
            {
                if (prepare)
                {
                    load.Prepare();
                }

                Collect(await load.MergeAsync(None));
            }
        }

        Collect(await load.MergeAsync(None));
        return new Summary(accepted, duplicates, string.Join("; ", rejected.OrderBy(o => o.Position)));

        void Collect(MergeResult merge)
        {
            accepted += merge.Inserted;
            duplicates += merge.Duplicates;
            rejected.AddRange(merge.Rejected.Select(r => new Outcome(r.Position, Describe(RowOutcome.Rejected, r.Violation))));
        }
    }

    private static string Describe(RowOutcome outcome, FieldViolation? violation) =>
        violation is null ? outcome.ToString() : $"{outcome} {violation.Reason} {violation.Field}";

    /// <summary>Every stored transaction (by id, without its storage order) and every customer's totals, as text.</summary>
    private static async Task<string> DumpAsync(TestStore store)
    {
        var transactions = await store.QueryAsync<string>("""
            SELECT id || '|' || customer_key || '|' || occurred_at || '|' || amount_minor || '|' || currency || '|' || kind || '|'
                   || sale_type || '|' || coalesce(cost_minor, 'null') || '|' || product || '|' || category
            FROM transactions ORDER BY id
            """);
        var totals = await store.QueryAsync<string>("""
            SELECT customer_key || '|' || latest_day || '|' || coalesce(first_day, '') || '|' || coalesce(last_day, '') || '|' || purchase_days
                   || '|' || purchases || '|' || purchase_minor || '|' || refund_minor || '|' || coalesce(first_day_minor, '') || '|'
                   || earliest_at || '|' || latest_at || '|' || cost_minor || '|' || cost_rows || '|' || upsells || '|' || coalesce(last_purchase_at, '')
            FROM customer_totals ORDER BY customer_key
            """);
        return string.Join('\n', transactions) + "\n--\n" + string.Join('\n', totals);
    }
}
