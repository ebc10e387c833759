using CrmGrpc.Domain;
using CrmGrpc.Domain.Entities;

namespace CrmGrpc.Data.Postgres.Tests.Writes;

/// <summary>Keyset paging of what the writes stored (read from the primary), models and run results, on PostgreSQL and SQLite alike.</summary>
public sealed class RepositoryWriteTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Customers_page_by_id_with_filters_and_a_page_sees_the_writes_just_made()
    {
        await using var store = await WriteStore.CreateAsync();
        await store.Customers.ImportAsync(
            [.. Enumerable.Range(1, 25).Select(i => Samples.Customer($"c-{i:D2}", segment: i % 2 == 0 ? "ent" : "smb", channel: i % 3 == 0 ? "store" : "web"))], [], None);

        var all = new List<string>();
        var after = "";
        while (true)
        {
            var page = await store.Customers.ListAsync(null, null, after, 7, None);
            all.AddRange(page.Select(c => c.Id));
            if (page.Count < 7)
            {
                break;
            }

            after = page[^1].Id;
        }

        Assert.Equal([.. Enumerable.Range(1, 25).Select(i => $"c-{i:D2}")], all);
        Assert.Equal(["c-06", "c-12", "c-18", "c-24"], (await store.Customers.ListAsync("ent", "store", "", 10, None)).Select(c => c.Id));
        Assert.Equal(["c-12", "c-18"], (await store.Customers.ListAsync("ent", "store", "c-06", 2, None)).Select(c => c.Id));
        var stored = await store.Customers.GetAsync("c-01", None);
        Assert.True(stored!.SameContentAs(Samples.Customer("c-01")));
        Assert.Equal(WriteStore.Start, stored.CreateTime);
    }

    [Fact]
    public async Task Transactions_page_in_the_sqlite_stores_order_with_the_same_cursors()
    {
        await using var store = await WriteStore.CreateAsync();
        await using var sqlite = await SqliteSide.CreateAsync();
        var customers = new[] { Samples.Customer("c-1"), Samples.Customer("c-2") };
        await store.Customers.ImportAsync(customers, [], None);
        await sqlite.Customers.ImportAsync(customers, [], None);
        var random = new Random(3);
        // Several rows at the same instant: the cursor's seq orders them.
        var rows = Enumerable.Range(0, 40).Select(i => Samples.Transaction($"t-{i:D2}", random.Next(2) == 0 ? "c-1" : "c-2",
            Samples.T0.AddHours(random.Next(10)), 100 + i)).ToList();
        await store.Transactions.ImportAsync(rows, [], None);
        await sqlite.Transactions.ImportAsync(rows, [], None);

        foreach (var (customer, period) in new (string?, Period?)[]
                 {
                     (null, null), ("c-1", null), ("c-2", new Period(Samples.T0.AddHours(2), Samples.T0.AddHours(7))), (null, new Period(Samples.T0.AddHours(3), Samples.T0.AddHours(4))),
                 })
        {
            Assert.Equal(await PagesAsync(sqlite.Transactions, customer, period), await PagesAsync(store.Transactions, customer, period));
        }

        Assert.Null(await store.Transactions.ListAsync("nobody", null, TransactionCursor.Start, 10, None));
        var ofC1 = await PagesAsync(store.Transactions, "c-1", null);
        Assert.Equal(rows.Count(r => r.CustomerId == "c-1"), ofC1.Count);
        Assert.Equal(ofC1.Order(StringComparer.Ordinal).Count(), ofC1.Distinct().Count());
    }

    [Fact]
    public async Task Crm_changes_page_by_effective_time_then_id()
    {
        await using var store = await WriteStore.CreateAsync();
        foreach (var (id, day) in new[] { ("ch-b", 2), ("ch-a", 2), ("ch-c", 1), ("ch-d", 3) })
        {
            await store.Engagement.RecordChangeAsync(Samples.Change(id, Samples.T0.AddDays(day)), None);
        }

        var first = await store.Engagement.ListChangesAsync(null, "", 2, None);
        var second = await store.Engagement.ListChangesAsync(first[^1].EffectiveAt, first[^1].Id, 5, None);

        Assert.Equal(["ch-c", "ch-a"], first.Select(c => c.Id));
        Assert.Equal(["ch-b", "ch-d"], second.Select(c => c.Id));
    }

    [Fact]
    public async Task Models_page_newest_first_and_run_results_are_stored_with_binary_copy()
    {
        await using var store = await WriteStore.CreateAsync();
        await store.Customers.ImportAsync([Samples.Customer("c-1"), Samples.Customer("c-2")], [], None);
        for (var i = 0; i < 5; i++)
        {
            await store.Models.InsertAsync(new StoredModel($"m-{i}", WriteStore.Start.AddMinutes(i % 3), Samples.T0, 1, i == 4 ? "" : "smb", 0.001 * i, "{\"fit\":" + i + "}"), None);
        }

        var first = await store.Models.ListAsync(null, 2, None);
        var rest = await store.Models.ListAsync(first[^1].Cursor, 10, None);

        Assert.Equal(["m-2", "m-4", "m-1", "m-3", "m-0"], first.Concat(rest).Select(m => m.Model.Id));
        Assert.Equal("m-2", (await store.Models.LatestAsync(None))!.Id);
        Assert.Equal(new StoredModel("m-3", WriteStore.Start, Samples.T0, 1, "smb", 0.003, "{\"fit\":3}"), await store.Models.GetAsync("m-3", None));
        Assert.Null(await store.Models.GetAsync("m-9", None));

        var run = await store.Models.CreateRunAsync("nightly", "m-2", Samples.T0.AddDays(30), WriteStore.Start, None);
        var keys = new[] { await store.KeyOfAsync("c-1"), await store.KeyOfAsync("c-2") };
        await store.Models.AppendRunResultsAsync(run, [new RunResult(keys[0], 12.5, 30.25, 0.75, 2.5), new RunResult(keys[1], 7, null, null, null)], None);

        Assert.Equal(
            [(keys[0], 12.5, (double?)30.25, (double?)0.75, (double?)2.5), (keys[1], 7.0, null, null, null)],
            await store.QueryAsync<(long, double, double?, double?, double?)>(
                "SELECT customer_key, historical_clv, predictive_clv, probability_alive, expected_purchases FROM metric_run_results WHERE run_key = @run ORDER BY customer_key",
                new { run }));
        Assert.Equal(("nightly", "m-2"), (await store.QueryAsync<(string, string)>("SELECT name, model_id FROM metric_runs")).Single());
    }

    private static async Task<List<string>> PagesAsync(ITransactionRepository transactions, string? customer, Period? period)
    {
        var seen = new List<string>();
        var after = TransactionCursor.Start;
        while (true)
        {
            var page = (await transactions.ListAsync(customer, period, after, 6, None))!;
            seen.AddRange(page.Select(p => $"{p.Transaction.Id}@{p.Cursor.OccurredAtMs}/{p.Cursor.Seq}"));
            if (page.Count < 6)
            {
                return seen;
            }

            after = page[^1].Cursor;
        }
    }
}
