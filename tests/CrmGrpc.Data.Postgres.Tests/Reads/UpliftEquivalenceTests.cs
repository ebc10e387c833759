using CrmGrpc.Domain.Uplift;
using PgRepositories = CrmGrpc.Data.Postgres.Repositories;
using SqliteRepositories = CrmGrpc.Data.Sqlite.Repositories;

namespace CrmGrpc.Data.Postgres.Tests.Reads;

[Collection(TwinBookFixture.Name)]
public sealed class UpliftEquivalenceTests(TwinBook book)
{
    private readonly SqliteRepositories.UpliftRepository _sqlite = new(book.Sqlite);
    private readonly PgRepositories.UpliftRepository _postgres = new(book.Postgres.Database);

    [Fact]
    public async Task Window_sums_data_range_and_other_changes_are_the_same()
    {
        var members = 0;
        foreach (var change in book.Changes)
        {
            UpliftWindows[] windows =
            [
                UpliftWindows.Create(change.EffectiveAt, 90, null, null),
                UpliftWindows.Create(change.EffectiveAt, 700, null, null),
                UpliftWindows.Create(change.EffectiveAt, 0, change.EffectiveAt.AddDays(-33).AddMilliseconds(7), change.EffectiveAt.AddDays(400)),
            ];
            (GroupSelection Treated, GroupSelection? Control)[] groups =
            [
                (GroupSelection.OfSegment(change.TreatedSegment), null),
                (GroupSelection.OfSegment(change.TreatedSegment), GroupSelection.Everyone),
                (GroupSelection.OfCustomers([.. change.TreatedCustomerIds, "nobody"]), GroupSelection.OfSegment("mid")),
            ];
            foreach (var window in windows)
            {
                foreach (var (treated, control) in groups)
                {
                    foreach (var withHistory in new[] { false, true })
                    {
                        var expected = await _sqlite.ReadAsync(change.Id, window, withHistory, treated, control, CancellationToken.None);
                        var actual = await _postgres.ReadAsync(change.Id, window, withHistory, treated, control, CancellationToken.None);
                        Equivalence.AssertSame(expected, actual, $"uplift({change.Id}, {window.BaselineStart:O}, {treated.Describe()}, {control?.Describe()}, {withHistory})");
                        members += expected.Treated.Count + (expected.Control?.Count ?? 0);
                    }
                }
            }
        }

        var all = await _postgres.ReadAsync(book.Changes[0].Id, UpliftWindows.Create(book.Changes[0].EffectiveAt, 700, null, null), true,
            GroupSelection.Everyone, null, CancellationToken.None);
        Assert.True(all.Treated.Any(m => m.Prior.Transactions > 0) && all.Treated.Any(m => m.Post.Purchases > 0) && all.Treated.Any(m => m.Late.Transactions > 0),
            $"prior {all.Treated.Sum(m => m.Prior.Transactions)}, early {all.Treated.Sum(m => m.Early.Transactions)}, late {all.Treated.Sum(m => m.Late.Transactions)}, post {all.Treated.Sum(m => m.Post.Purchases)}, {all.Treated.Count} members");
        Assert.NotEmpty(all.OtherChanges);
        Assert.True(members > 1_000, $"only {members} members compared");
    }
}
