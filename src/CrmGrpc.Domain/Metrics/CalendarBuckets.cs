using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain.Metrics;

public enum Granularity
{
    Month = 1,
    Quarter = 2,
    Year = 3,
}

/// <summary>Calendar buckets (UTC) of a range: the months, quarters or years it overlaps, clipped to it.</summary>
public static class CalendarBuckets
{
    public const int MaxBuckets = 1000;

    public static IReadOnlyList<Period> Split(Period range, Granularity granularity)
    {
        var buckets = new List<Period>();
        var start = range.Start.UtcDateTime;
        var bucketStart = granularity switch
        {
            Granularity.Month => new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc),
            Granularity.Quarter => new DateTime(start.Year, ((start.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Utc),
            Granularity.Year => new DateTime(start.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            _ => throw new InvalidArgumentException("granularity", "must be GRANULARITY_MONTH, GRANULARITY_QUARTER or GRANULARITY_YEAR"),
        };
        while (bucketStart < range.End.UtcDateTime)
        {
            if (buckets.Count == MaxBuckets)
            {
                throw new InvalidArgumentException("range", $"spans more than {MaxBuckets} buckets; choose a coarser granularity");
            }

            var next = Next(bucketStart, granularity);
            var from = new DateTimeOffset(bucketStart < start ? start : bucketStart);
            var to = new DateTimeOffset(next > range.End.UtcDateTime ? range.End.UtcDateTime : next);
            buckets.Add(new Period(from, to));
            bucketStart = next;
        }

        return buckets;
    }

    /// <summary>The start of the bucket after the one starting at <paramref name="bucketStart"/>.</summary>
    public static DateTime Next(DateTime bucketStart, Granularity granularity) => granularity switch
    {
        Granularity.Month => bucketStart.AddMonths(1),
        Granularity.Quarter => bucketStart.AddMonths(3),
        _ => bucketStart.AddYears(1),
    };
}
