using CrmGrpc.Data.Sqlite.Repositories;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Entities;
using Dapper;

namespace CrmGrpc.Data.Sqlite.Tests.Totals;

/// <summary>
/// customer_totals against totals counted here from the transactions themselves, through imports in any
/// order, replays, the migration that fills it, and the scans that read it as of a date.
/// </summary>
public sealed class CustomerTotalsTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string[] CustomerIds = ["c-1", "c-2", "c-3", "c-4", "c-quiet"];

    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        await _store.Customers.ImportAsync(
            CustomerIds.Select((id, i) => Samples.Customer(id, segment: i % 2 == 0 ? "smb" : "ent")).ToList(), [], None);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Imports_in_any_order_keep_the_totals_equal_to_the_transactions()
    {
        var book = Book(seed: 1);
        var imported = new List<Transaction>();
        var random = new Random(2);
        var shuffled = book.OrderBy(_ => random.Next()).ToList();
        for (var start = 0; start < shuffled.Count;)
        {
            var size = random.Next(1, 40);
            var batch = shuffled.Skip(start).Take(size).ToList();
            // Replays of rows already stored change nothing.
            batch.AddRange(imported.Take(random.Next(0, 5)));
            await _store.Transactions.ImportAsync(batch, [], None);
            imported.AddRange(shuffled.Skip(start).Take(size));
            start += size;

            Assert.Equal(Expected(imported, long.MaxValue), await StoredAsync());
        }
    }

    [Fact]
    public async Task The_migration_fills_the_totals_of_a_store_with_transactions()
    {
        var book = Book(seed: 3);
        await _store.Transactions.ImportAsync(book, [], None);
        await using (var connection = await _store.Database.OpenAsync(None))
        {
            // 0004 makes the table and 0005 adds and fills the last purchase's instant; 0006 counts rejections.
            await connection.ExecuteAsync("DROP TABLE customer_totals; DROP TABLE ingest_rejection_counts; PRAGMA user_version = 3;");
        }

        await _store.Migrator.MigrateAsync(None);

        Assert.Equal(Expected(book, long.MaxValue), await StoredAsync());
    }

    [Fact]
    public async Task Scans_as_of_an_earlier_day_summarise_only_what_happened_by_then()
    {
        var book = Book(seed: 4);
        await _store.Transactions.ImportAsync(book, [], None);
        var scans = new CustomerScanRepository(_store.Database);
        var days = book.Select(t => DayOf(t.OccurredAt)).Distinct().Order().ToList();

        // Before everything, in the middle (some customers from their totals, some recomputed), on the last day, after.
        foreach (var asOfDay in new[] { days[0] - 1, days[days.Count / 2], days[^1], days[^1] + 5 })
        {
            var asOf = DateTimeOffset.UnixEpoch.AddDays(asOfDay).AddHours(23);
            var expected = Expected(book, asOfDay);

            var scanned = new List<Totals>();
            await foreach (var facts in scans.ScanAsync(CustomerSelection.All, asOf, None))
            {
                if (facts.HasPurchases || facts.RefundMinor > 0)
                {
                    scanned.Add(Totals.Of(facts));
                }
            }

            var histories = await ReadAllAsync(scans, null, asOf, parts: 1);
            var inParts = await ReadAllAsync(scans, null, asOf, parts: 3);
            var smb = await ReadAllAsync(scans, "smb", asOf, parts: 2);

            var rfm = await scans.ReadRfmDistributionAsync(asOf, None);

            Assert.Equal(expected.Select(e => e with { LatestDay = 0, PurchaseDayList = "" }), scanned);
            var purchasers = expected.Where(e => e.PurchaseDays > 0).ToList();
            Assert.Equal(Sorted(purchasers.Select(e => History(e, asOfDay))), Sorted(histories));
            Assert.Equal(Sorted(histories), Sorted(inParts));
            Assert.Equal(Sorted(purchasers.Where(e => e.Key % 2 == 1).Select(e => History(e, asOfDay))), Sorted(smb));
            Assert.Equal(expected.Count(e => e.PurchaseDays > 0), rfm.Customers);

            // The models' purchase days come from the stored lists, cut at the day.
            var inputs = new ModelInputRepository(_store.Database);
            var expectedDays = purchasers.Select(e => (e.Key, e.PurchaseDayList)).ToList();
            Assert.Equal(expectedDays, await ReadDaysAsync(inputs, null, asOfDay, parts: 1));
            Assert.Equal(expectedDays, await ReadDaysAsync(inputs, null, asOfDay, parts: 3));
            Assert.Equal(expectedDays.Where(e => e.Key % 2 == 1), await ReadDaysAsync(inputs, "smb", asOfDay, parts: 2));
        }
    }

    [Theory]
    [InlineData("", 100, "")]
    [InlineData("5", 100, "5")]
    [InlineData("1,1,2,7,7,7,9", 100, "1,2,7,9")]
    [InlineData("1,1,2,7,7,7,9", 7, "1,2,7")]
    [InlineData("9,2,7,2,1", 100, "1,2,7,9")]
    [InlineData("-3,0,4", 0, "-3,0")]
    [InlineData("20453,19723", 20000, "19723")]
    public void A_stored_list_reads_as_distinct_days_in_order_up_to_the_day(string list, long lastDay, string expected)
    {
        var days = new List<long> { 42 };
        CrmGrpc.Data.Sqlite.Totals.PurchaseDayList.Parse(System.Text.Encoding.UTF8.GetBytes(list), lastDay, days);
        Assert.Equal(expected, string.Join(",", days));
    }

    [Theory]
    [InlineData("5", "3", "3,5", 2)]
    [InlineData("1,4,4,9", "2,2,4", "1,2,2,4,4,4,9", 4)]
    [InlineData("1,4,4,9", "4,2,2", "1,2,2,4,4,4,9", 4)] // out of day order: read, sorted, written again
    [InlineData("9,1", "5", "1,5,9", 3)]
    [InlineData("-3,0", "-7,0", "-7,-3,0,0", 3)]
    [InlineData("20000", "20000", "20000,20000", 1)]
    [InlineData("19000,19500", "19600,19700", "19000,19500,19600,19700", 4)]
    [InlineData("", "3,4", "3,4", 2)]
    [InlineData("", "", "", 0)]
    public void Days_added_before_the_last_stored_one_merge_in_order(string stored, string added, string merged, long distinct)
    {
        var (storedBytes, addedBytes) = (System.Text.Encoding.ASCII.GetBytes(stored), System.Text.Encoding.ASCII.GetBytes(added));
        var destination = new byte[CrmGrpc.Data.Sqlite.Totals.PurchaseDayList.MergedLength(storedBytes, addedBytes)];
        var written = CrmGrpc.Data.Sqlite.Totals.PurchaseDayList.Merge(storedBytes, addedBytes, destination);

        Assert.Equal(merged, System.Text.Encoding.ASCII.GetString(destination, 0, written));
        Assert.Equal(distinct, CrmGrpc.Data.Sqlite.Totals.PurchaseDayList.CountMergedDistinct(storedBytes, addedBytes));
    }

    [Theory]
    [InlineData("1,,2", "3")]
    [InlineData("1", "x")]
    [InlineData("1 ,2", "3")]
    public void Damaged_lists_do_not_merge(string stored, string added)
    {
        var (storedBytes, addedBytes) = (System.Text.Encoding.ASCII.GetBytes(stored), System.Text.Encoding.ASCII.GetBytes(added));
        Assert.Throws<FormatException>(() => CrmGrpc.Data.Sqlite.Totals.PurchaseDayList.Merge(storedBytes, addedBytes, new byte[64]));
        Assert.Throws<FormatException>(() => CrmGrpc.Data.Sqlite.Totals.PurchaseDayList.CountMergedDistinct(storedBytes, addedBytes));
    }

    [Fact]
    public async Task The_day_list_functions_answer_in_sql_and_fail_the_statement_on_a_damaged_list()
    {
        await using var connection = await _store.Database.OpenAsync(None);
        CrmGrpc.Data.Sqlite.Totals.CustomerTotals.RegisterDayListFunctions(connection);

        Assert.Equal("-3,1,2,2,3", await connection.ExecuteScalarAsync<string>("SELECT crm_merge_purchase_days('1,2,3', '-3,2')"));
        Assert.Equal(4, await connection.ExecuteScalarAsync<long>("SELECT crm_count_merged_purchase_days('1,2,3', '-3,2')"));
        Assert.Equal("", await connection.ExecuteScalarAsync<string>("SELECT crm_merge_purchase_days('', '')"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT crm_count_merged_purchase_days('', '')"));
        var failure = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => connection.ExecuteScalarAsync<string>("SELECT crm_merge_purchase_days('1,x', '2')"));
        Assert.Contains("x", failure.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => connection.ExecuteScalarAsync<long>("SELECT crm_count_merged_purchase_days('1', '2,,3')"));
    }

    [Theory]
    [InlineData("1,,2")]
    [InlineData("1,x")]
    [InlineData("1 ,2")]
    public void A_damaged_list_is_a_format_error(string list) =>
        Assert.Throws<FormatException>(() => CrmGrpc.Data.Sqlite.Totals.PurchaseDayList.Parse(System.Text.Encoding.UTF8.GetBytes(list), 100, []));

    private static async Task<List<(long Key, string Days)>> ReadDaysAsync(ModelInputRepository inputs, string? segment, long lastDay, int parts)
    {
        var byPart = Enumerable.Range(0, parts).Select(_ => new List<(long, string)>()).ToArray();
        await inputs.ReadPurchaseDaysAsync(segment, lastDay, parts, (part, key, days) => byPart[part].Add((key, string.Join(",", days.ToArray()))), None);
        return [.. byPart.SelectMany(p => p)];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Histories_come_in_full_chunks_then_the_rest_in_each_part(int parts)
    {
        var customers = (2 * CustomerScanRepository.HistoryChunk) + 5;
        var ids = Enumerable.Range(0, customers).Select(i => $"many-{i}").ToList();
        await _store.Customers.ImportAsync(ids.Select(id => Samples.Customer(id)).ToList(), [], None);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // Customer i buys on days 0 and i % 7 (one purchase day when that is day 0).
        await _store.Transactions.ImportAsync(
            ids.SelectMany((id, i) => new[]
            {
                new Transaction($"{id}-a", id, start, 100, "USD", TransactionKind.Purchase, SaleType.New, null, "p", "c"),
                new Transaction($"{id}-b", id, start.AddDays(i % 7).AddHours(1), 10 * i, "USD", TransactionKind.Purchase, SaleType.Repeat, null, "p", "c"),
            }).ToList(), [], None);
        var scans = new CustomerScanRepository(_store.Database);

        var chunks = Enumerable.Range(0, parts).Select(_ => new List<PurchaseHistory[]>()).ToArray();
        await scans.ReadPurchaseHistoriesAsync(null, start.AddDays(10), parts, (part, chunk) => chunks[part].Add(chunk.ToArray()), None);

        // Each part's chunks are full but for its last; the parts split the keys evenly (the four customers made first have no purchases).
        foreach (var part in chunks)
        {
            Assert.All(part.SkipLast(1), c => Assert.Equal(CustomerScanRepository.HistoryChunk, c.Length));
            Assert.InRange(part.Sum(c => c.Length), (customers / parts) - 10, (customers / parts) + 10);
        }

        if (parts == 1)
        {
            Assert.Equal([CustomerScanRepository.HistoryChunk, CustomerScanRepository.HistoryChunk, 5], chunks[0].Select(c => c.Length));
        }

        var expected = ids.Select((_, i) => i % 7 == 0
            ? new PurchaseHistory(0, 0, 10, 0)
            : new PurchaseHistory(1, i % 7, 10, 10L * i));
        Assert.Equal(Sorted(expected), Sorted(chunks.SelectMany(p => p).SelectMany(c => c)));
    }

    [Fact]
    public async Task A_failing_part_stops_the_read_and_releases_its_connections()
    {
        await _store.Transactions.ImportAsync(Book(seed: 5), [], None);
        var scans = new CustomerScanRepository(_store.Database);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scans.ReadPurchaseHistoriesAsync(
            null, DateTimeOffset.UnixEpoch.AddYears(60), 2, (part, _) => throw new InvalidOperationException($"part {part}"), None));

        Assert.StartsWith("part ", error.Message);
        // Nothing is left holding the writer slot or a read transaction: a write goes through.
        await _store.Transactions.ImportAsync(Book(seed: 6), [], None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEmpty(await ReadAllAsync(scans, null, DateTimeOffset.UnixEpoch.AddYears(60), parts: 2));
    }

    private static async Task<List<PurchaseHistory>> ReadAllAsync(CustomerScanRepository scans, string? segment, DateTimeOffset asOf, int parts)
    {
        var byPart = Enumerable.Range(0, parts).Select(_ => new List<PurchaseHistory>()).ToArray();
        await scans.ReadPurchaseHistoriesAsync(segment, asOf, parts, (part, chunk) => byPart[part].AddRange(chunk), None);
        return byPart.SelectMany(p => p).ToList();
    }

    /// <summary>Purchases and refunds of four customers (c-quiet has none), several a day at times.</summary>
    private static List<Transaction> Book(int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, 150).Select(i =>
        {
            var customer = CustomerIds[random.Next(4)];
            var at = start.AddDays(random.Next(60)).AddMinutes(random.Next(24 * 60));
            var kind = random.Next(6) == 0 ? TransactionKind.Refund : TransactionKind.Purchase;
            return new Transaction($"t-{seed}-{i}", customer, at, random.Next(1, 50_000), "USD", kind, SaleType.Repeat, null, "p", "c");
        }).ToList();
    }

    /// <summary>Each customer's totals counted from the transactions up to a day, in key order (keys follow CustomerIds).</summary>
    private static List<Totals> Expected(IEnumerable<Transaction> transactions, long asOfDay) =>
        transactions
            .Where(t => DayOf(t.OccurredAt) <= asOfDay)
            .GroupBy(t => Array.IndexOf(CustomerIds, t.CustomerId) + 1L)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var purchases = g.Where(t => t.Kind == TransactionKind.Purchase).ToList();
                var firstDay = purchases.Count == 0 ? (long?)null : purchases.Min(t => DayOf(t.OccurredAt));
                return new Totals(
                    g.Key,
                    g.Max(t => DayOf(t.OccurredAt)),
                    firstDay ?? 0,
                    purchases.Count == 0 ? 0 : purchases.Max(t => DayOf(t.OccurredAt)),
                    purchases.Select(t => DayOf(t.OccurredAt)).Distinct().Count(),
                    purchases.Count,
                    purchases.Sum(t => t.AmountMinor),
                    g.Where(t => t.Kind == TransactionKind.Refund).Sum(t => t.AmountMinor),
                    purchases.Where(t => DayOf(t.OccurredAt) == firstDay).Sum(t => t.AmountMinor),
                    purchases.Count == 0 ? 0 : purchases.Max(t => t.OccurredAt.ToUnixTimeMilliseconds()),
                    string.Join(",", purchases.Select(t => DayOf(t.OccurredAt)).Distinct().Order()));
            })
            .ToList();

    private async Task<List<Totals>> StoredAsync() =>
        (await _store.QueryAsync<(long, long, long?, long?, long, long, long, long, long?, long?, string?)>(
            """
            SELECT customer_key, latest_day, first_day, last_day, purchase_days, purchases, purchase_minor, refund_minor, first_day_minor,
                   last_purchase_at, purchase_day_list
            FROM customer_totals ORDER BY customer_key
            """))
        .Select(r => new Totals(r.Item1, r.Item2, r.Item3 ?? 0, r.Item4 ?? 0, r.Item5, r.Item6, r.Item7, r.Item8, r.Item9 ?? 0, r.Item10 ?? 0, DistinctDays(r.Item11)))
        .ToList();

    /// <summary>The stored list as the fits read it: distinct days, ascending.</summary>
    private static string DistinctDays(string? list)
    {
        var days = new List<long>();
        CrmGrpc.Data.Sqlite.Totals.PurchaseDayList.Parse(System.Text.Encoding.UTF8.GetBytes(list ?? ""), long.MaxValue, days);
        return string.Join(",", days);
    }

    private static PurchaseHistory History(Totals totals, long asOfDay) => new(
        (int)totals.PurchaseDays - 1, totals.LastDay - totals.FirstDay, asOfDay - totals.FirstDay, totals.PurchaseMinor - totals.FirstDayMinor);

    private static List<PurchaseHistory> Sorted(IEnumerable<PurchaseHistory> histories) =>
        histories.OrderBy(h => (h.RepeatDays, h.RecencyDays, h.AgeDays, h.RepeatMinor)).ToList();

    private static long DayOf(DateTimeOffset at) => UtcDay.Of(at.ToUnixTimeMilliseconds());

    private sealed record Totals(
        long Key, long LatestDay, long FirstDay, long LastDay, long PurchaseDays, long Purchases, long PurchaseMinor, long RefundMinor, long FirstDayMinor,
        long LastPurchaseMs, string PurchaseDayList)
    {
        public static Totals Of(CustomerFacts facts) => new(
            facts.Key, 0, facts.FirstPurchaseDay, facts.LastPurchaseDay, facts.PurchaseDays, facts.PurchaseTransactions,
            facts.PurchaseMinor, facts.RefundMinor, facts.FirstDayPurchaseMinor, facts.LastPurchaseAt?.ToUnixTimeMilliseconds() ?? 0, "");
    }
}
