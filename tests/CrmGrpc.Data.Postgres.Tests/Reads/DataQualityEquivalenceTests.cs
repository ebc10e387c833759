using PgRepositories = CrmGrpc.Data.Postgres.Repositories;
using SqliteRepositories = CrmGrpc.Data.Sqlite.Repositories;

namespace CrmGrpc.Data.Postgres.Tests.Reads;

[Collection(TwinBookFixture.Name)]
public sealed class DataQualityEquivalenceTests(TwinBook book)
{
    private readonly SqliteRepositories.DataQualityRepository _sqlite = new(book.Sqlite);
    private readonly PgRepositories.DataQualityRepository _postgres = new(book.Postgres.Database);

    [Fact]
    public async Task Quality_facts_counts_and_samples_are_the_same()
    {
        foreach (var asOf in new[] { new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2035, 1, 1, 0, 0, 0, TimeSpan.Zero) })
        {
            foreach (var sampleSize in new[] { 0, 1, 3, 500 })
            {
                var expected = await _sqlite.ReadAsync(asOf, sampleSize, CancellationToken.None);
                var actual = await _postgres.ReadAsync(asOf, sampleSize, CancellationToken.None);
                Equivalence.AssertSame(expected, actual, $"quality({asOf:O}, {sampleSize})");
            }
        }

        // Every check finds something in this book, and the ids sort in byte order ("C-…" before "a.…").
        var facts = await _postgres.ReadAsync(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), 500, CancellationToken.None);
        Assert.True(facts.RefundsExceedPurchases.Count > 0 && facts.FutureTransactions.Count > 0 && facts.TransactionsBeforeAcquisition.Count > 0);
        Assert.True(facts.ChurnBeforeAcquisition.Count > 0 && facts.CustomersWithoutTransactions.Count > 0 && facts.OutlierAmounts.Count > 0);
        Assert.True(facts.Rejections.Count >= 2);
        Assert.Equal(facts.RefundsExceedPurchases.SampleIds.Order(StringComparer.Ordinal), facts.RefundsExceedPurchases.SampleIds);
        Assert.Contains(facts.RefundsExceedPurchases.SampleIds, id => id.StartsWith('C'));
    }
}
