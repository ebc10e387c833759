using CrmGrpc.Domain;
using CrmGrpc.Domain.Metrics;
using PgRepositories = CrmGrpc.Data.Postgres.Repositories;
using SqliteRepositories = CrmGrpc.Data.Sqlite.Repositories;

namespace CrmGrpc.Data.Postgres.Tests.Reads;

[Collection(TwinBookFixture.Name)]
public sealed class PortfolioEquivalenceTests(TwinBook book)
{
    private readonly SqliteRepositories.PortfolioRepository _sqlite = new(book.Sqlite);
    private readonly PgRepositories.PortfolioRepository _postgres = new(book.Postgres.Database);

    private static DateTimeOffset At(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    public static readonly Period[] Periods =
    [
        new(At(1900, 1, 1), At(2100, 1, 1)),
        new(At(2020, 1, 1), At(2027, 1, 1)),
        new(At(2021, 5, 1), At(2021, 8, 1)),
        new(At(1960, 1, 1), At(1970, 1, 1)),
        new(At(1968, 6, 1), At(2022, 6, 1, 12)),
        new(At(2023, 2, 10, 12), At(2023, 2, 11)),
    ];

    [Fact]
    public async Task Portfolio_sums_are_the_same_for_every_period_grouping_and_churn_window()
    {
        Grouping[] groupings =
        [
            Grouping.None, new(GroupDimension.Segment), new(GroupDimension.Channel),
            new(GroupDimension.Attribute, "country"), new(GroupDimension.Attribute, "no-such-attribute"),
        ];
        var cells = 0;
        foreach (var period in Periods)
        {
            foreach (var grouping in groupings)
            {
                foreach (var days in new[] { 0, 30, 365 })
                {
                    var churn = new ChurnDefinition(days);
                    var expected = Normalised(await _sqlite.ReadAsync(period, grouping, churn, CancellationToken.None));
                    var actual = Normalised(await _postgres.ReadAsync(period, grouping, churn, CancellationToken.None));
                    Equivalence.AssertSame(expected, actual, $"portfolio({period}, {grouping}, {days} days)");
                    cells += expected.Customers.Sum(g => g.Value.Count);
                }
            }
        }

        var whole = await _postgres.ReadAsync(Periods[0], new Grouping(GroupDimension.Segment), new ChurnDefinition(90), CancellationToken.None);
        var totals = new CustomerCell();
        foreach (var cell in whole.Customers.Values.SelectMany(c => c.Values))
        {
            totals.Add(cell);
        }

        Assert.True(totals.Purchases > 100 && totals.ChurnedByEnd > 5 && totals.UpsellCrossSellTransactions > 0 && totals.CostRows > 0);
        Assert.NotEmpty(whole.Spend);
        Assert.Contains(whole.Engagement.Values, e => e.NpsResponses > 0 && e.FirstResponseSeconds.Count > 0);
        Assert.True(cells > 100, $"only {cells} cells compared");
    }

    /// <summary>The first response times in one order: the stores list them as their scan meets them.</summary>
    private static PortfolioAggregates Normalised(PortfolioAggregates aggregates)
    {
        foreach (var cell in aggregates.Engagement.Values)
        {
            cell.FirstResponseSeconds.Sort();
        }

        return aggregates;
    }
}
