using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;

namespace CrmGrpc.Domain.Tests.Metrics.Cohorts;

public class CohortCalendarTests
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0, int millisecond = 0) =>
        new(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero);

    [Fact]
    public void Months_are_numbered_year_times_12_plus_month_minus_1()
    {
        Assert.Equal((2023 * 12) + 2, CohortCalendar.BucketOf(Utc(2023, 3, 31, 23, 59, 59, 999), Granularity.Month));
        Assert.Equal((2023 * 12) + 3, CohortCalendar.BucketOf(Utc(2023, 4, 1), Granularity.Month));
        Assert.Equal((2024 * 12) + 0, CohortCalendar.BucketOf(Utc(2024, 1, 1), Granularity.Month)); // December → January is +1
        Assert.Equal(CohortCalendar.BucketOf(Utc(2023, 12, 1), Granularity.Month) + 1, CohortCalendar.BucketOf(Utc(2024, 1, 1), Granularity.Month));
    }

    [Fact]
    public void Quarters_are_month_numbers_divided_by_3()
    {
        Assert.Equal(2023 * 4, CohortCalendar.BucketOf(Utc(2023, 3, 31, 23, 59, 59, 999), Granularity.Quarter)); // Q1
        Assert.Equal((2023 * 4) + 1, CohortCalendar.BucketOf(Utc(2023, 4, 1), Granularity.Quarter));             // Q2
        Assert.Equal((2023 * 4) + 3, CohortCalendar.BucketOf(Utc(2023, 12, 31), Granularity.Quarter));           // Q4
        Assert.Equal(2024 * 4, CohortCalendar.BucketOf(Utc(2024, 1, 1), Granularity.Quarter));
    }

    [Fact]
    public void Buckets_are_read_in_utc_whatever_the_offset()
    {
        var localEvening = new DateTimeOffset(2023, 3, 31, 22, 0, 0, TimeSpan.FromHours(-5)); // 2023-04-01T03:00Z

        Assert.Equal(CohortCalendar.BucketOf(Utc(2023, 4, 1), Granularity.Month), CohortCalendar.BucketOf(localEvening, Granularity.Month));
    }

    [Fact]
    public void Before_1970_buckets_are_still_calendar_months()
    {
        Assert.Equal((1969 * 12) + 11, CohortCalendar.BucketOf(Utc(1969, 12, 31, 23, 59, 59, 500), Granularity.Month));
        Assert.Equal(1900 * 12, CohortCalendar.BucketOf(Utc(1900, 1, 1), Granularity.Month));
    }

    [Theory]
    [InlineData(Granularity.Month)]
    [InlineData(Granularity.Quarter)]
    public void StartOf_is_the_first_instant_of_the_bucket(Granularity granularity)
    {
        var instant = Utc(2023, 5, 17, 13, 0, 0);
        var bucket = CohortCalendar.BucketOf(instant, granularity);

        var start = CohortCalendar.StartOf(bucket, granularity);

        Assert.Equal(granularity == Granularity.Month ? Utc(2023, 5, 1) : Utc(2023, 4, 1), start);
        Assert.Equal(bucket, CohortCalendar.BucketOf(start, granularity));
        Assert.Equal(bucket - 1, CohortCalendar.BucketOf(start.AddMilliseconds(-1), granularity));
    }

    [Fact]
    public void LastBucketBefore_an_exclusive_end_at_a_boundary_is_the_bucket_before_it()
    {
        Assert.Equal(CohortCalendar.BucketOf(Utc(2023, 3, 1), Granularity.Month), CohortCalendar.LastBucketBefore(Utc(2023, 4, 1), Granularity.Month));
        Assert.Equal(CohortCalendar.BucketOf(Utc(2023, 4, 1), Granularity.Month), CohortCalendar.LastBucketBefore(Utc(2023, 4, 1, 0, 0, 0, 1), Granularity.Month));
        Assert.Equal(CohortCalendar.BucketOf(Utc(2023, 1, 1), Granularity.Quarter), CohortCalendar.LastBucketBefore(Utc(2023, 4, 1), Granularity.Quarter));
    }

    [Fact]
    public void Years_are_not_a_cohort_granularity()
    {
        var exception = Assert.Throws<InvalidArgumentException>(() => CohortCalendar.BucketOf(Utc(2023, 1, 1), Granularity.Year));

        Assert.Equal("granularity", Assert.Single(exception.Violations).Field);
    }
}
