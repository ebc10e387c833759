using CrmGrpc.Domain;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;
using PgRepositories = CrmGrpc.Data.Postgres.Repositories;
using SqliteRepositories = CrmGrpc.Data.Sqlite.Repositories;

namespace CrmGrpc.Data.Postgres.Tests.Reads;

[Collection(TwinBookFixture.Name)]
public sealed class CohortEquivalenceTests(TwinBook book)
{
    private readonly SqliteRepositories.CohortRepository _sqlite = new(book.Sqlite);
    private readonly PgRepositories.CohortRepository _postgres = new(book.Postgres.Database);

    private static DateTimeOffset At(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Cohort_sums_are_the_same_for_every_window_and_granularity()
    {
        (Period Range, DateTimeOffset AsOf)[] windows =
        [
            (new(At(2020, 1, 1), At(2026, 1, 1)), At(2026, 6, 1)),
            (new(At(2020, 1, 1), At(2026, 1, 1)), At(2022, 6, 15).AddMilliseconds(123)),
            (new(At(1965, 1, 1), At(1972, 1, 1)), At(1975, 1, 1)),
            (new(At(1965, 1, 1), At(2026, 1, 1)), At(2026, 6, 1)),
            (new(At(2030, 1, 1), At(2031, 1, 1)), At(2026, 6, 1)),
        ];
        var cells = 0;
        foreach (var (range, asOf) in windows)
        {
            foreach (var granularity in new[] { Granularity.Month, Granularity.Quarter, Granularity.Year })
            {
                CohortWindow window;
                try
                {
                    window = CohortWindow.Create(range, granularity, asOf);
                }
                catch (CrmGrpc.Domain.Errors.InvalidArgumentException)
                {
                    continue; // more buckets than a matrix allows (months over sixty years)
                }

                var expected = await _sqlite.ReadAsync(window, CancellationToken.None);
                var actual = await _postgres.ReadAsync(window, CancellationToken.None);
                Equivalence.AssertSame(Sorted(expected), Sorted(actual), $"cohorts({range}, {granularity}, {asOf:O})");
                cells += expected.Periods.Count;
            }
        }

        Assert.True(cells > 100, $"only {cells} cohort cells compared");
    }

    private static CohortSums Sorted(CohortSums sums) => new(
        [.. sums.Sizes.OrderBy(s => s.Bucket)],
        [.. sums.Periods.OrderBy(p => p.Bucket).ThenBy(p => p.Index)]);
}
