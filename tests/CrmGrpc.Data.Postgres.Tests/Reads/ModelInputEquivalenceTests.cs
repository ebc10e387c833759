using PgRepositories = CrmGrpc.Data.Postgres.Repositories;
using SqliteRepositories = CrmGrpc.Data.Sqlite.Repositories;

namespace CrmGrpc.Data.Postgres.Tests.Reads;

[Collection(TwinBookFixture.Name)]
public sealed class ModelInputEquivalenceTests(TwinBook book)
{
    private readonly SqliteRepositories.ModelInputRepository _sqlite = new(book.Sqlite);
    private readonly PgRepositories.ModelInputRepository _postgres = new(book.Postgres.Database);

    private static IEnumerable<long> LastDays() => TwinBook.AsOfs.Select(a => UtcDay.Of(a.ToUnixTimeMilliseconds()));

    [Fact]
    public async Task Purchase_days_are_the_same_customer_by_customer_in_each_part()
    {
        var customers = 0;
        foreach (var segment in new[] { null, "mid" })
        {
            foreach (var lastDay in LastDays())
            {
                foreach (var parts in new[] { 1, 3 })
                {
                    var expected = await PurchaseDaysAsync(_sqlite, segment, lastDay, parts);
                    var actual = await PurchaseDaysAsync(_postgres, segment, lastDay, parts);
                    Equivalence.AssertSame(expected, actual, $"purchase days({segment}, {lastDay}, {parts} parts)");
                    customers += expected.Sum(p => p.Count);
                }
            }
        }

        Assert.True(customers > 200, $"only {customers} customers compared");
    }

    [Fact]
    public async Task Cohort_facts_and_the_earliest_purchase_day_are_the_same()
    {
        foreach (var segment in new[] { null, "smb", "no-such-segment" })
        {
            var expected = new List<CohortFacts>();
            var actual = new List<CohortFacts>();
            await _sqlite.ReadCohortFactsAsync(segment, expected.Add, CancellationToken.None);
            await _postgres.ReadCohortFactsAsync(segment, actual.Add, CancellationToken.None);
            // The order is not part of the contract (SQLite's follows whichever index it picks): compared as a multiset.
            Equivalence.AssertSame(Sorted(expected), Sorted(actual), $"cohort facts({segment})");
            foreach (var lastDay in LastDays())
            {
                Assert.Equal(
                    await _sqlite.EarliestPurchaseDayAsync(segment, lastDay, CancellationToken.None),
                    await _postgres.EarliestPurchaseDayAsync(segment, lastDay, CancellationToken.None));
            }
        }

        Assert.True(await _postgres.EarliestPurchaseDayAsync(null, long.MaxValue / 2, CancellationToken.None) < 0);
        Assert.Null(await _postgres.EarliestPurchaseDayAsync(null, -20_000, CancellationToken.None));
    }

    private static List<CohortFacts> Sorted(List<CohortFacts> facts) => [.. facts.OrderBy(f => f.AcquiredAtMs).ThenBy(f => f.ChurnedAtMs)];

    /// <summary>Each part's (key, days) in call order.</summary>
    internal static async Task<List<List<(long Key, long[] Days)>>> PurchaseDaysAsync(IModelInputRepository repository, string? segment, long lastDay, int parts)
    {
        var byPart = Enumerable.Range(0, parts).Select(_ => new List<(long, long[])>()).ToList();
        await repository.ReadPurchaseDaysAsync(segment, lastDay, parts, (part, key, days) =>
        {
            lock (byPart[part])
            {
                byPart[part].Add((key, days.ToArray()));
            }
        }, CancellationToken.None);
        return byPart;
    }
}
