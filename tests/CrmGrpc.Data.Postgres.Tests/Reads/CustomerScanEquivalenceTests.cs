using CrmGrpc.Domain.Customers;
using PgRepositories = CrmGrpc.Data.Postgres.Repositories;
using SqliteRepositories = CrmGrpc.Data.Sqlite.Repositories;

namespace CrmGrpc.Data.Postgres.Tests.Reads;

[Collection(TwinBookFixture.Name)]
public sealed class CustomerScanEquivalenceTests(TwinBook book)
{
    private readonly SqliteRepositories.CustomerScanRepository _sqlite = new(book.Sqlite);
    private readonly PgRepositories.CustomerScanRepository _postgres = new(book.Postgres.Database);

    private IEnumerable<CustomerSelection> Selections()
    {
        yield return CustomerSelection.All;
        yield return new CustomerSelection(Segment: "smb");
        yield return new CustomerSelection(Channel: "web");
        yield return new CustomerSelection(Segment: "ent", Channel: "ads");
        yield return new CustomerSelection(Segment: "no-such-segment");
        var ids = book.Ids;
        yield return new CustomerSelection(CustomerIds: [ids[3], ids[40], ids[40], ids[77], "nobody", ids[0]]);
        yield return new CustomerSelection(Segment: "mid", CustomerIds: [.. ids.Take(30)]);
        yield return new CustomerSelection(CustomerIds: []);
    }

    [Fact]
    public async Task Scans_give_the_same_facts_for_every_selection_as_of_day_and_with_or_without_purchase_days()
    {
        var compared = 0;
        foreach (var selection in Selections())
        {
            foreach (var asOf in TwinBook.AsOfs)
            {
                foreach (var withDays in new[] { false, true })
                {
                    var expected = await ReadAllAsync(_sqlite.ScanAsync(selection, asOf, withDays, CancellationToken.None));
                    var actual = await ReadAllAsync(_postgres.ScanAsync(selection, asOf, withDays, CancellationToken.None));
                    Equivalence.AssertSame(expected, actual, $"scan({Describe(selection)}, {asOf:O}, days {withDays})");
                    compared += expected.Count;
                }
            }
        }

        // The book exercises what the scan computes: stored and recomputed totals, refunds, engagement.
        var all = await ReadAllAsync(_postgres.ScanAsync(CustomerSelection.All, TwinBook.AsOfs[^1], true, CancellationToken.None));
        var midBook = await ReadAllAsync(_postgres.ScanAsync(CustomerSelection.All, TwinBook.AsOfs[3], true, CancellationToken.None));
        Assert.Equal(book.Customers.Count, all.Count);
        Assert.Contains(all, f => f.PurchaseDays > 1 && f.PurchaseTransactions > f.PurchaseDays);
        Assert.Contains(all, f => f.PurchaseDays == 0 && f.RefundMinor > 0);
        Assert.Contains(all, f => f.FirstPurchaseDay < 0);
        Assert.Contains(all, f => f.LatestNps is not null);
        Assert.Contains(midBook, f => f.MeanFirstResponseSeconds is not null && f.TicketsLastYear > 0);
        Assert.Contains(midBook, f => f.PurchaseDays > 0 && f.LastActivityAt is not null);
        Assert.True(compared > 500, $"only {compared} customers compared");
    }

    [Fact]
    public async Task Counts_are_the_same_for_every_selection()
    {
        foreach (var selection in Selections())
        {
            Assert.Equal(await _sqlite.CountAsync(selection, CancellationToken.None), await _postgres.CountAsync(selection, CancellationToken.None));
        }

        Assert.Equal(book.Customers.Count, await _postgres.CountAsync(CustomerSelection.All, CancellationToken.None));
    }

    [Fact]
    public async Task The_rfm_distribution_scores_every_value_alike_as_of_each_day()
    {
        foreach (var asOf in TwinBook.AsOfs)
        {
            var expected = await _sqlite.ReadRfmDistributionAsync(asOf, CancellationToken.None);
            var actual = await _postgres.ReadRfmDistributionAsync(asOf, CancellationToken.None);
            Assert.Equal(expected.Customers, actual.Customers);
            foreach (var recency in new long[] { -5, 0, 1, 30, 100, 365, 700, 2_000, 20_000, 40_000 })
            {
                foreach (var frequency in new long[] { 0, 1, 2, 3, 5, 8, 13, 30 })
                {
                    foreach (var monetary in new long[] { 0, 500, 50_000, 150_000, 400_000, 1_000_000, 60_000_000 })
                    {
                        Assert.Equal(expected.Score(recency, frequency, monetary), actual.Score(recency, frequency, monetary));
                    }
                }
            }
        }

        Assert.True((await _postgres.ReadRfmDistributionAsync(TwinBook.AsOfs[^1], CancellationToken.None)).Customers > 40);
    }

    [Fact]
    public async Task Purchase_histories_are_the_same_part_by_part()
    {
        var seen = 0;
        foreach (var segment in new[] { null, "ent" })
        {
            foreach (var asOf in TwinBook.AsOfs)
            {
                foreach (var parts in new[] { 1, 3, 4 })
                {
                    var expected = await HistoriesAsync(_sqlite, segment, asOf, parts);
                    var actual = await HistoriesAsync(_postgres, segment, asOf, parts);
                    Equivalence.AssertSame(expected, actual, $"histories({segment}, {asOf:O}, {parts} parts)");
                    seen += expected.Sum(p => p.Count);
                }
            }
        }

        Assert.True(seen > 300, $"only {seen} histories compared");
    }

    [Fact]
    public async Task A_cancelled_scan_stops_with_operation_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await ReadAllAsync(_postgres.ScanAsync(CustomerSelection.All, TwinBook.AsOfs[^1], cancelled.Token)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _postgres.ReadPurchaseHistoriesAsync(null, TwinBook.AsOfs[^1], 2, (_, _) => { }, cancelled.Token));
    }

    /// <summary>Each part's histories, sorted (a part's order is free).</summary>
    internal static async Task<List<List<PurchaseHistory>>> HistoriesAsync(ICustomerScanRepository repository, string? segment, DateTimeOffset asOf, int parts)
    {
        var byPart = Enumerable.Range(0, parts).Select(_ => new List<PurchaseHistory>()).ToList();
        await repository.ReadPurchaseHistoriesAsync(segment, asOf, parts, (part, chunk) =>
        {
            lock (byPart[part])
            {
                byPart[part].AddRange(chunk);
            }
        }, CancellationToken.None);
        return byPart.Select(p => p.OrderBy(h => h.RepeatDays).ThenBy(h => h.RecencyDays).ThenBy(h => h.AgeDays).ThenBy(h => h.RepeatMinor).ToList()).ToList();
    }

    internal static async Task<List<CustomerFacts>> ReadAllAsync(IAsyncEnumerable<CustomerFacts> scan)
    {
        var facts = new List<CustomerFacts>();
        await foreach (var fact in scan)
        {
            facts.Add(fact.Snapshot());
        }

        return facts;
    }

    private static string Describe(CustomerSelection selection) =>
        $"segment {selection.Segment}, channel {selection.Channel}, ids {(selection.CustomerIds is null ? "-" : string.Join('|', selection.CustomerIds))}";
}
