using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain.Metrics.Cohorts;

/// <summary>
/// What a retention matrix observes. The cohorts are the customers acquired in
/// [<see cref="AcquiredFrom"/>, <see cref="AcquiredUntil"/>): the requested range, cut at
/// <see cref="AsOf"/> (a customer acquired after the as-of date is not observed yet). Transactions count
/// from their customer's acquisition up to <see cref="AsOf"/>, exclusive; the last period of every cohort
/// is the bucket holding the last observed instant, clipped at <see cref="AsOf"/>.
/// </summary>
public sealed record CohortWindow
{
    /// <summary>
    /// Most buckets from the first cohort to the as-of date. A dense matrix of n buckets has n (n + 1) / 2
    /// cells: 600 keeps the response near 5 MB, well inside the message limit.
    /// </summary>
    public const int MaxBuckets = 600;

    private CohortWindow(Granularity granularity, DateTimeOffset acquiredFrom, DateTimeOffset acquiredUntil, DateTimeOffset asOf)
    {
        Granularity = granularity;
        AcquiredFrom = acquiredFrom;
        AcquiredUntil = acquiredUntil;
        AsOf = asOf;
    }

    public Granularity Granularity { get; }

    /// <summary>Inclusive start of the acquisitions: the range's start.</summary>
    public DateTimeOffset AcquiredFrom { get; }

    /// <summary>Exclusive end of the acquisitions: the range's end or the as-of date, whichever is first.</summary>
    public DateTimeOffset AcquiredUntil { get; }

    /// <summary>Exclusive end of the observation.</summary>
    public DateTimeOffset AsOf { get; }

    /// <summary>True when nothing acquired in the range is observed by the as-of date.</summary>
    public bool IsEmpty => AcquiredUntil <= AcquiredFrom;

    public int MonthsPerBucket => CohortCalendar.MonthsPerBucket(Granularity);

    /// <summary>The bucket of the last observed instant: every cohort's periods end here.</summary>
    public int LastBucket => CohortCalendar.LastBucketBefore(AsOf, Granularity);

    /// <summary>
    /// The window of <paramref name="range"/> as of <paramref name="asOf"/>. Throws INVALID_ARGUMENT for a
    /// granularity other than month or quarter, and when the first cohort is more than
    /// <see cref="MaxBuckets"/> buckets before the as-of date.
    /// </summary>
    public static CohortWindow Create(Period range, Granularity granularity, DateTimeOffset asOf)
    {
        _ = CohortCalendar.MonthsPerBucket(granularity);
        var asOfUtc = asOf.ToUniversalTime();
        var window = new CohortWindow(granularity, range.Start, range.End < asOfUtc ? range.End : asOfUtc, asOfUtc);
        if (!window.IsEmpty)
        {
            var buckets = window.LastBucket - CohortCalendar.BucketOf(range.Start, granularity) + 1;
            if (buckets > MaxBuckets)
            {
                throw new InvalidArgumentException(
                    "range.start",
                    $"the cohorts from range.start to as_of span {buckets} {Unit(granularity)}, more than {MaxBuckets}; start later or use quarters");
            }
        }

        return window;
    }

    /// <summary>The acquisitions of cohort <paramref name="bucket"/>: its calendar bucket clipped to the window.</summary>
    public Period AcquiredIn(int bucket)
    {
        var start = CohortCalendar.StartOf(bucket, Granularity);
        var end = CohortCalendar.StartOf(bucket + 1, Granularity);
        return new Period(start < AcquiredFrom ? AcquiredFrom : start, end > AcquiredUntil ? AcquiredUntil : end);
    }

    private static string Unit(Granularity granularity) => granularity == Granularity.Month ? "months" : "quarters";
}
