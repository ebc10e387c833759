using System.Globalization;

namespace CrmGrpc.Modeling.Models.Sbg;

/// <summary>A contractual customer's tenure in UTC day numbers (days since 1970-01-01).</summary>
/// <param name="AcquiredDay">The day the customer was acquired.</param>
/// <param name="ChurnedDay">The day it churned; null while active.</param>
public readonly record struct CustomerTenure(int AcquiredDay, int? ChurnedDay);

/// <summary>Builds sBG's acquisition cohorts (<see cref="CohortSurvival"/>) from customers' recorded acquisition and churn.</summary>
public static class CohortSurvivalBuilder
{
    /// <summary>Weeks run Monday to Sunday: day 4 (1970-01-05) is a Monday.</summary>
    private const int FirstMonday = 4;

    /// <summary>
    /// Groups the customers acquired on or before <paramref name="calibrationEndDay"/> (inclusive) by their acquisition
    /// period — calendar month or year of the UTC date, a day, or a Monday-to-Sunday week — and counts for each cohort
    /// the customers still active at the start of each of its periods that began on or before the calibration end:
    /// [0] every customer acquired, [i] those not churned before period i began (one churned during period i is active
    /// at its start, not at the start of i+1; a churn after the calibration end is not known yet). Cohorts come in
    /// period order, labelled by period ("2024-01", "2024", or the first day "2024-01-08").
    /// </summary>
    /// <exception cref="ArgumentException">A churn day before its acquisition day.</exception>
    public static IReadOnlyList<CohortSurvival> Build(ReadOnlySpan<CustomerTenure> customers, int calibrationEndDay, TimeUnit unit)
    {
        int origin = unit == TimeUnit.Weeks ? FirstMonday : 0;
        long endPeriod = PeriodCalendar.PeriodIndex(calibrationEndDay, origin, unit);
        // Per cohort: the customers whose last period active at its start is i, as a difference array.
        var lastActive = new Dictionary<long, long[]>();
        foreach (var customer in customers)
        {
            if (customer.ChurnedDay is { } churned && churned < customer.AcquiredDay)
            {
                throw new ArgumentException($"A customer churned (day {churned}) before it was acquired (day {customer.AcquiredDay}).", nameof(customers));
            }
            if (customer.AcquiredDay > calibrationEndDay) continue;
            long cohort = PeriodCalendar.PeriodIndex(customer.AcquiredDay, origin, unit);
            int periods = checked((int)(endPeriod - cohort));
            if (!lastActive.TryGetValue(cohort, out var counts))
            {
                counts = new long[periods + 1];
                lastActive.Add(cohort, counts);
            }
            long last = customer.ChurnedDay is { } churnDay && churnDay <= calibrationEndDay
                ? PeriodCalendar.PeriodIndex(churnDay, origin, unit) - cohort
                : periods;
            counts[last]++;
        }

        var result = new List<CohortSurvival>(lastActive.Count);
        foreach (var (cohort, counts) in lastActive.OrderBy(pair => pair.Key))
        {
            var alive = new long[counts.Length];
            long running = 0;
            for (int i = counts.Length - 1; i >= 0; i--)
            {
                running += counts[i];
                alive[i] = running;
            }
            result.Add(new CohortSurvival(Label(cohort, origin, unit), alive));
        }
        return result;
    }

    private static string Label(long cohort, int origin, TimeUnit unit)
    {
        var start = PeriodCalendar.ToDate((int)PeriodCalendar.PeriodStartDay(cohort, origin, unit));
        return unit switch
        {
            TimeUnit.Months => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            TimeUnit.Years => start.ToString("yyyy", CultureInfo.InvariantCulture),
            _ => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }
}
