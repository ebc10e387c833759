using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain.Metrics.Cohorts;

/// <summary>
/// Calendar buckets (UTC) numbered from year 0: bucket = (year × 12 + month − 1) / months per bucket, so
/// consecutive months or quarters have consecutive numbers and "periods since acquisition" is a subtraction.
/// The store computes the same number in SQL from the month index <c>year × 12 + month − 1</c>.
/// </summary>
public static class CohortCalendar
{
    /// <summary>Months in one bucket: 1 for months, 3 for quarters. Cohorts have no yearly buckets.</summary>
    public static int MonthsPerBucket(Granularity granularity) => granularity switch
    {
        Granularity.Month => 1,
        Granularity.Quarter => 3,
        _ => throw new InvalidArgumentException("granularity", "must be GRANULARITY_MONTH or GRANULARITY_QUARTER"),
    };

    /// <summary>The number of the bucket holding <paramref name="instant"/>.</summary>
    public static int BucketOf(DateTimeOffset instant, Granularity granularity)
    {
        var utc = instant.UtcDateTime;
        return ((utc.Year * 12) + utc.Month - 1) / MonthsPerBucket(granularity);
    }

    /// <summary>The first instant of bucket <paramref name="bucket"/>.</summary>
    public static DateTimeOffset StartOf(int bucket, Granularity granularity)
    {
        var month = bucket * MonthsPerBucket(granularity);
        return new DateTimeOffset(month / 12, (month % 12) + 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>
    /// The bucket holding the last instant before <paramref name="end"/> (an exclusive end): the bucket of
    /// <paramref name="end"/> itself unless <paramref name="end"/> is exactly where a bucket starts.
    /// </summary>
    public static int LastBucketBefore(DateTimeOffset end, Granularity granularity)
    {
        var bucket = BucketOf(end, granularity);
        return StartOf(bucket, granularity) == end ? bucket - 1 : bucket;
    }
}
