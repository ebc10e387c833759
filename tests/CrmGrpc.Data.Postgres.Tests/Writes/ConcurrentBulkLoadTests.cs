using CrmGrpc.Data.Postgres.Repositories;
using CrmGrpc.Domain.Entities;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Data.Postgres.Tests.Writes;

/// <summary>
/// Two servers (two <see cref="PostgresDatabase"/> instances on one database) loading overlapping streams at once: the
/// book's write lock serialises their merges, so nothing is lost, each shared row is inserted by one and a duplicate on
/// the other, and the totals equal a recomputation from scratch.
/// </summary>
public sealed class ConcurrentBulkLoadTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Two_servers_loading_overlapping_rows_lose_nothing_and_count_each_shared_row_once()
    {
        const int customers = 200;
        await using var store = await WriteStore.WithCustomersAsync(customers);
        await using var serverA = new PostgresDatabase(Options.Create(store.Store.Options));
        await using var serverB = new PostgresDatabase(Options.Create(store.Store.Options));
        var bulk = Options.Create(new Import.PostgresBulkLoadOptions { UnitRows = 700 });
        var transactionsA = new TransactionRepository(serverA, store.Time, bulk);
        var transactionsB = new TransactionRepository(serverB, store.Time, bulk);

        var random = new Random(5);
        var rows = Enumerable.Range(0, 6_000).Select(i => new Transaction(
            $"t-{i:D5}", $"c-{1 + random.Next(customers)}", Samples.T0.AddDays(random.Next(365)).AddMinutes(random.Next(600)),
            1 + random.Next(100_000), "USD", random.Next(7) == 0 ? TransactionKind.Refund : TransactionKind.Purchase,
            SaleType.Repeat, random.Next(4) == 0 ? null : random.Next(5_000), "widget", "hardware")).ToList();
        // A takes rows 0–3,999, B rows 2,000–5,999, each in its own random order: 2,000 rows are shared.
        var streamA = rows.Take(4_000).OrderBy(_ => random.Next()).ToList();
        var streamB = rows.Skip(2_000).OrderBy(_ => random.Next()).ToList();

        var results = await Task.WhenAll(
            Task.Run(() => LoadAsync(transactionsA, streamA)),
            Task.Run(() => LoadAsync(transactionsB, streamB)));

        Assert.All(results, r => Assert.Empty(r.Rejected));
        Assert.Equal(6_000, results.Sum(r => r.Inserted));
        Assert.Equal(2_000, results.Sum(r => r.Duplicates));
        Assert.True(results.All(r => r.Merges > 1), "each stream merged several units, so the merges interleaved");
        Assert.Equal(6_000, await store.CountAsync("transactions"));
        Assert.Equal(rows.Sum(r => r.Kind == TransactionKind.Purchase ? r.AmountMinor : 0),
            await store.ScalarAsync<long>("SELECT sum(purchase_minor)::bigint FROM customer_totals"));

        var kept = await BookDump.OfAsync(store, withLog: false);
        await store.ExecuteAsync("SELECT refresh_customer_totals(ARRAY(SELECT key FROM customers))");
        Assert.Equal(kept, await BookDump.OfAsync(store, withLog: false));
    }

    [Fact]
    public async Task Two_servers_importing_the_same_batches_at_once_insert_each_row_once_and_report_it_a_duplicate_on_the_other()
    {
        await using var store = await WriteStore.WithCustomersAsync(20);
        await using var serverA = new PostgresDatabase(Options.Create(store.Store.Options));
        await using var serverB = new PostgresDatabase(Options.Create(store.Store.Options));
        var transactionsA = new TransactionRepository(serverA, store.Time, Options.Create(new Import.PostgresBulkLoadOptions()));
        var transactionsB = new TransactionRepository(serverB, store.Time, Options.Create(new Import.PostgresBulkLoadOptions()));
        var batches = Enumerable.Range(0, 30)
            .Select(b => Enumerable.Range(0, 50).Select(i => Samples.Transaction($"t-{b}-{i}", $"c-{1 + ((b + i) % 20)}", Samples.T0.AddHours(b * 50 + i), 10 + i)).ToList())
            .ToList();

        var results = await Task.WhenAll(
            Task.Run(async () => { var all = new List<RowResult>(); foreach (var batch in batches) { all.AddRange(await transactionsA.ImportAsync(batch, [], None)); } return all; }),
            Task.Run(async () => { var all = new List<RowResult>(); foreach (var batch in batches) { all.AddRange(await transactionsB.ImportAsync(batch, [], None)); } return all; }));

        // Row by row: inserted on one server, a duplicate on the other.
        Assert.All(results[0].Zip(results[1]), pair =>
            Assert.Equal([RowOutcome.Inserted, RowOutcome.Duplicate], new[] { pair.First.Outcome, pair.Second.Outcome }.Order()));
        Assert.Equal(1_500, await store.CountAsync("transactions"));
        var kept = await BookDump.OfAsync(store, withLog: false);
        await store.ExecuteAsync("SELECT refresh_customer_totals(ARRAY(SELECT key FROM customers))");
        Assert.Equal(kept, await BookDump.OfAsync(store, withLog: false));
    }

    private static async Task<(long Inserted, long Duplicates, List<RejectedRow> Rejected, int Merges)> LoadAsync(
        TransactionRepository transactions, List<Transaction> rows)
    {
        long inserted = 0, duplicates = 0, position = 0;
        var merges = 0;
        var rejected = new List<RejectedRow>();
        await using var load = await transactions.OpenBulkLoadAsync(None);
        foreach (var (message, index) in rows.Chunk(100).Select((m, i) => (m, i)))
        {
            load.Stage(message, [.. message.Select(_ => position++)], index + 1, []);
            if (load.IsFull)
            {
                Add(await load.MergeAsync(None));
            }
        }

        Add(await load.MergeAsync(None));
        return (inserted, duplicates, rejected, merges);

        void Add(MergeResult merge)
        {
            inserted += merge.Inserted;
            duplicates += merge.Duplicates;
            rejected.AddRange(merge.Rejected);
            merges++;
        }
    }
}
