using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;

namespace CrmGrpc.Domain.Tests.Metrics.Cohorts;

public class CohortWindowTests
{
    private static DateTimeOffset Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    private static readonly Period FirstHalf2023 = new(Utc(2023, 1, 15), Utc(2023, 7, 1));

    [Fact]
    public void Acquisitions_are_the_range_and_the_observation_ends_at_as_of()
    {
        var window = CohortWindow.Create(FirstHalf2023, Granularity.Month, Utc(2023, 9, 10));

        Assert.Equal((Utc(2023, 1, 15), Utc(2023, 7, 1), Utc(2023, 9, 10)), (window.AcquiredFrom, window.AcquiredUntil, window.AsOf));
        Assert.False(window.IsEmpty);
        Assert.Equal(1, window.MonthsPerBucket);
        Assert.Equal(CohortCalendar.BucketOf(Utc(2023, 9, 1), Granularity.Month), window.LastBucket);
    }

    [Fact]
    public void An_as_of_inside_the_range_cuts_the_acquisitions_too()
    {
        var window = CohortWindow.Create(FirstHalf2023, Granularity.Quarter, Utc(2023, 5, 20));

        Assert.Equal(Utc(2023, 5, 20), window.AcquiredUntil);
        Assert.Equal(3, window.MonthsPerBucket);
        var q2 = CohortCalendar.BucketOf(Utc(2023, 4, 1), Granularity.Quarter);
        Assert.Equal(q2, window.LastBucket);
        Assert.Equal(new Period(Utc(2023, 4, 1), Utc(2023, 5, 20)), window.AcquiredIn(q2));
    }

    [Fact]
    public void An_as_of_at_or_before_the_range_start_observes_nothing()
    {
        Assert.True(CohortWindow.Create(FirstHalf2023, Granularity.Month, Utc(2023, 1, 15)).IsEmpty);
        Assert.True(CohortWindow.Create(FirstHalf2023, Granularity.Month, Utc(2020, 1, 1)).IsEmpty);
    }

    [Fact]
    public void AcquiredIn_clips_the_calendar_bucket_to_the_range()
    {
        var window = CohortWindow.Create(FirstHalf2023, Granularity.Month, Utc(2024, 1, 1));

        Assert.Equal(new Period(Utc(2023, 1, 15), Utc(2023, 2, 1)), window.AcquiredIn(CohortCalendar.BucketOf(Utc(2023, 1, 1), Granularity.Month)));
        Assert.Equal(new Period(Utc(2023, 6, 1), Utc(2023, 7, 1)), window.AcquiredIn(CohortCalendar.BucketOf(Utc(2023, 6, 1), Granularity.Month)));
    }

    [Fact]
    public void At_most_600_buckets_from_the_first_cohort_to_as_of()
    {
        var range = new Period(Utc(1970, 1, 1), Utc(1971, 1, 1));

        var largest = CohortWindow.Create(range, Granularity.Month, Utc(2020, 1, 1)); // Jan 1970 … Dec 2019: 600 months
        var tooMany = Assert.Throws<InvalidArgumentException>(() => CohortWindow.Create(range, Granularity.Month, Utc(2020, 1, 2)));

        Assert.Equal(600, largest.LastBucket - CohortCalendar.BucketOf(range.Start, Granularity.Month) + 1);
        Assert.Equal("range.start", Assert.Single(tooMany.Violations).Field);
        Assert.Contains("601 months", tooMany.Message, StringComparison.Ordinal);
        Assert.False(CohortWindow.Create(range, Granularity.Quarter, Utc(2020, 1, 2)).IsEmpty); // 201 quarters
    }

    [Fact]
    public void A_yearly_window_is_rejected_naming_granularity()
    {
        var exception = Assert.Throws<InvalidArgumentException>(() => CohortWindow.Create(FirstHalf2023, Granularity.Year, Utc(2024, 1, 1)));

        Assert.Equal("granularity", Assert.Single(exception.Violations).Field);
    }
}
