using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Data.Postgres.Tests.Writes;

/// <summary>
/// The SQLite store's TransactionBulkLoadTests on PostgreSQL: a bulk load stores exactly what the batch path stores,
/// whatever the order of the rows and however the stream falls into merges, and both store what the SQLite store stores.
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

    /// <summary>One row's outcome as a client sees it: rejected with a reason.</summary>
    private sealed record Outcome(long Position, string What);

    /// <summary>What a stream's summary says: rows accepted, duplicates, and each rejected row with its reason.</summary>
    private sealed record Summary(long Accepted, long Duplicates, string Rejected);

    [Theory]
    [InlineData(Order.Customer, 1)]
    [InlineData(Order.Time, 1)]
    [InlineData(Order.Random, 1)]
    [InlineData(Order.Time, 37)]
    [InlineData(Order.Random, 1_000)]
    public async Task Rows_and_totals_equal_the_batch_path_and_the_sqlite_store_in_any_order_and_any_unit(Order order, int unitRows)
    {
        var rows = Ordered(Book(), order);
        await using var batch = await WriteStore.WithCustomersAsync(Customers);
        await using var bulk = await WriteStore.WithCustomersAsync(Customers, unitRows);
        await using var sqlite = await SqliteWithCustomers(unitRows);

        var expected = await BatchPathAsync(batch, Messages(rows, 16));
        var actual = await BulkPathAsync(bulk.Transactions, Messages(rows, 16));

        Assert.Equal(expected, actual);
        Assert.Equal(expected, await BulkPathAsync(sqlite.Transactions, Messages(rows, 16)));
        Assert.Equal(rows.Count - 1, await bulk.CountAsync("transactions")); // all but the unknown customer's
        Assert.Equal(await BookDump.OfAsync(batch, withLog: false), await BookDump.OfAsync(bulk, withLog: false));
        Assert.Equal(await BookDump.OfAsync(sqlite), await BookDump.OfAsync(bulk));
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

        await using var batch = await WriteStore.WithCustomersAsync(Customers);
        await using var bulk = await WriteStore.WithCustomersAsync(Customers, unitRows);
        await using var sqlite = await SqliteWithCustomers(unitRows);
        await BatchPathAsync(batch, [first]);
        await BulkPathAsync(bulk.Transactions, [first]);
        await BulkPathAsync(sqlite.Transactions, [first]);

        var expected = await BatchPathAsync(batch, second);
        var actual = await BulkPathAsync(bulk.Transactions, second);

        Assert.Equal(expected, actual);
        Assert.Equal(new Summary(4, 5, string.Join("; ",
            new Outcome(1, "Rejected Conflict id"), new Outcome(3, "Rejected UnknownCustomer customer_id"),
            new Outcome(6, "Rejected DuplicateInBatch id"), new Outcome(9, "Rejected Conflict id"))), actual);
        Assert.Equal(expected, await BulkPathAsync(sqlite.Transactions, second));
        Assert.Equal(await BookDump.OfAsync(batch, withLog: false), await BookDump.OfAsync(bulk, withLog: false));
        Assert.Equal(
            await batch.QueryAsync<(string, int)>("SELECT row_id, code FROM ingest_rejections ORDER BY row_id, code"),
            await bulk.QueryAsync<(string, int)>("SELECT row_id, code FROM ingest_rejections ORDER BY row_id, code"));
        Assert.Equal(await BookDump.OfAsync(sqlite), await BookDump.OfAsync(bulk));
    }

    [Fact]
    public async Task Messages_are_reported_with_their_stream_positions_and_messages_and_early_rejections_are_logged()
    {
        await using var store = await WriteStore.WithCustomersAsync(3);
        await using var load = await store.Transactions.OpenBulkLoadAsync(None);
        var early = new EarlyRejection("t-bad", new FieldViolation("currency", "'EUR' is not the book's currency USD", RejectionReason.BadCurrency));

        load.Stage([Tx("t-1", "c-1", 1), Tx("t-2", "nobody", 2)], [10, 12], 1, [early]);
        Assert.Equal(3, ((Postgres.Import.TransactionBulkLoad)load).Pending);
        var merged = await load.MergeAsync(None);

        Assert.Equal((1L, 0L), (merged.Inserted, merged.Duplicates));
        var rejected = Assert.Single(merged.Rejected);
        Assert.Equal((12L, "t-2", "customer 'nobody' does not exist"), (rejected.Position, rejected.Id, rejected.Violation.Description));
        Assert.Equal([("t-bad", 5), ("t-2", 2)], (await store.RejectionsAsync()).Select(r => (r.RowId, r.Code)));
        Assert.Equal(0, ((Postgres.Import.TransactionBulkLoad)load).Pending);
    }

    [Fact]
    public async Task A_customer_created_after_staging_is_found_and_an_erased_one_is_unknown()
    {
        await using var store = await WriteStore.WithCustomersAsync(Customers);
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
    public async Task A_cancelled_merge_writes_nothing_and_a_later_merge_stores_the_unit()
    {
        await using var store = await WriteStore.WithCustomersAsync(Customers);
        await using var load = await store.Transactions.OpenBulkLoadAsync(None);
        load.Stage([Tx("t-1", "c-1", 1), Tx("t-2", "c-2", 2)], [0, 1], 1, []);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => load.MergeAsync(new CancellationToken(canceled: true)));
        Assert.Equal(0, await store.CountAsync("transactions"));

        Assert.Equal(2, (await load.MergeAsync(None)).Inserted);
        Assert.Equal(2, await store.CountAsync("customer_totals"));
    }

    [Fact]
    public async Task A_merge_cancelled_while_waiting_for_the_book_lock_writes_nothing_and_keeps_the_unit()
    {
        await using var store = await WriteStore.WithCustomersAsync(Customers);
        await using var load = await store.Transactions.OpenBulkLoadAsync(None);
        load.Stage([Tx("t-1", "c-1", 1), Tx("t-1", "c-1", 1), Tx("t-2", "c-2", 2)], [0, 1, 2], 1, []);
        await using (var other = await store.Database.OpenAsync(None))
        {
            await using var held = await other.BeginTransactionAsync();
            await PostgresDatabase.LockBookAsync(other, held, None);
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => load.MergeAsync(cancellation.Token));
        }

        Assert.Equal(0, await store.CountAsync("transactions"));
        var merged = await load.MergeAsync(None);
        Assert.Equal((2L, 1L), (merged.Inserted, merged.Duplicates));
    }

    [Fact]
    public async Task A_failing_merge_leaves_nothing_visible_and_keeps_the_unit()
    {
        await using var store = await WriteStore.WithCustomersAsync(Customers);
        await using var load = await store.Transactions.OpenBulkLoadAsync(None);
        load.Stage([Tx("t-1", "c-1", 1), Tx("t-2", "nobody", 2)], [0, 1], 1, []);
        await store.ExecuteAsync("""
            CREATE FUNCTION fail_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
            CREATE TRIGGER fail_log BEFORE INSERT ON ingest_rejections FOR EACH ROW EXECUTE FUNCTION fail_log();
            """);

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => load.MergeAsync(None));

        Assert.Equal(0, await store.CountAsync("transactions"));
        Assert.Equal(0, await store.CountAsync("customer_totals"));
        await store.ExecuteAsync("DROP TRIGGER fail_log ON ingest_rejections");
        var merged = await load.MergeAsync(None);
        Assert.Equal((1L, 1), (merged.Inserted, merged.Rejected.Count));
        Assert.Equal(1, await store.CountAsync("customer_totals"));
    }

    [Fact]
    public async Task Staged_rows_are_invisible_until_their_merge_commits_and_a_disposed_load_leaves_nothing()
    {
        await using var store = await WriteStore.WithCustomersAsync(Customers);
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

    [Fact]
    public async Task A_stream_staged_again_in_a_later_stream_is_all_duplicates_and_a_changed_row_a_conflict()
    {
        await using var store = await WriteStore.WithCustomersAsync(Customers, unitRows: 40);
        var rows = Book();
        await BulkPathAsync(store.Transactions, Messages(rows, 16));
        var before = await BookDump.OfAsync(store, withLog: false);
        var replay = rows.Where(r => r.CustomerId != "c-missing").ToList();
        replay[5] = replay[5] with { Product = "gadget" };

        var again = await BulkPathAsync(store.Transactions, Messages(replay, 16));

        Assert.Equal(new Summary(0, replay.Count - 1, new Outcome(5, "Rejected Conflict id").ToString()), again);
        Assert.Equal(before, await BookDump.OfAsync(store, withLog: false));
    }

    internal static Transaction Tx(string id, string customerId, long amount) =>
        Samples.Transaction(id, customerId, Samples.T0.AddDays(amount % 40), amount);

    /// <summary>A small book: customers with 0–9 rows each, refunds, unknown costs, same-day purchases, an unknown customer.</summary>
    private static List<Transaction> Book()
    {
        var random = new Random(16);
        var rows = new List<Transaction>();
        for (var c = 1; c <= Customers; c++)
        {
            for (var k = 0; k < c % 10; k++)
            {
                var refund = random.Next(8) == 0;
                rows.Add(new Transaction($"t-{c:D2}-{k}", $"c-{c}", Samples.T0.AddDays(random.Next(200)).AddMinutes(random.Next(3) * 7),
                    1 + random.Next(50_000), "USD", refund ? TransactionKind.Refund : TransactionKind.Purchase,
                    refund ? SaleType.Unspecified : SaleType.Repeat, random.Next(3) == 0 ? null : random.Next(9_000), "widget", "hardware"));
            }
        }

        rows.Add(Tx("t-unknown", "c-missing", 3));
        return rows;
    }

    private static List<Transaction> Ordered(List<Transaction> rows, Order order)
    {
        var shuffle = new Random(42);
        return order switch
        {
            Order.Customer => rows,
            Order.Time => [.. rows.OrderBy(r => r.OccurredAt).ThenBy(r => r.Id, StringComparer.Ordinal)],
            _ => [.. rows.OrderBy(_ => shuffle.Next())],
        };
    }

    private static List<List<Transaction>> Messages(List<Transaction> rows, int size) => [.. rows.Chunk(size).Select(m => m.ToList())];

    private static async Task<SqliteSide> SqliteWithCustomers(int unitRows)
    {
        var side = await SqliteSide.CreateAsync(unitRows);
        await side.Customers.ImportAsync([.. Enumerable.Range(1, Customers).Select(c => Samples.Customer($"c-{c}"))], [], None);
        return side;
    }

    /// <summary>Each message written by the batch path in its own transaction.</summary>
    private static async Task<Summary> BatchPathAsync(WriteStore store, List<List<Transaction>> messages)
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

    /// <summary>The same messages through one bulk load of either store: staged, merged whenever the unit is full, and at the end.</summary>
    private static async Task<Summary> BulkPathAsync(ITransactionRepository transactions, List<List<Transaction>> messages)
    {
        var rejected = new List<Outcome>();
        long position = 0, accepted = 0, duplicates = 0;
        await using var load = await transactions.OpenBulkLoadAsync(None);
        for (var m = 0; m < messages.Count; m++)
        {
            load.Stage(messages[m], [.. messages[m].Select(_ => position++)], m + 1, []);
            if (load.IsFull)
            {
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
}
