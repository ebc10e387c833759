namespace CrmGrpc.Modeling.Models;

/// <summary>
/// Periods of a <see cref="TimeUnit"/> on UTC day numbers (days since 1970-01-01): days, weeks of seven days, calendar
/// months and calendar years. A period index counts whole periods from an origin: for days and weeks the origin is a
/// day given by the caller (a customer's first purchase day), for months and years it is the calendar (January 1970 is
/// month 0), so that one customer's index differences are "months between the purchases' months".
/// </summary>
public static class PeriodCalendar
{
    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>The UTC date of a day number.</summary>
    public static DateOnly ToDate(int day) => DateOnly.FromDayNumber(EpochDayNumber + day);

    /// <summary>The day number of a date.</summary>
    public static int ToDay(DateOnly date) => date.DayNumber - EpochDayNumber;

    /// <summary>
    /// Index of the period that holds <paramref name="day"/>: for days and weeks counted from <paramref name="originDay"/>
    /// (floor of the day difference divided by 1 or 7, negative before the origin), for months and years the calendar
    /// month or year of the date (months since January 1970, years since 1970; the origin is ignored).
    /// </summary>
    public static long PeriodIndex(int day, int originDay, TimeUnit unit)
    {
        switch (unit)
        {
            case TimeUnit.Days:
                return (long)day - originDay;
            case TimeUnit.Weeks:
                return FloorDivide((long)day - originDay, 7);
            case TimeUnit.Months:
            {
                var date = ToDate(day);
                return (date.Year - 1970L) * 12 + date.Month - 1;
            }
            case TimeUnit.Years:
                return ToDate(day).Year - 1970L;
            default:
                throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit.");
        }
    }

    /// <summary>
    /// Index of the period that holds the day after <paramref name="day"/>: the first period that has not ended by the end
    /// of <paramref name="day"/>. Also for 9999-12-31, the last day a date holds, which ends its month and its year.
    /// </summary>
    public static long PeriodIndexAfter(int day, int originDay, TimeUnit unit) =>
        unit is TimeUnit.Months or TimeUnit.Years && day >= LastDay
            ? PeriodIndex(day, originDay, unit) + 1
            : PeriodIndex(day + 1, originDay, unit);

    private static readonly int LastDay = ToDay(DateOnly.MaxValue);

    /// <summary>
    /// Whole periods after the one holding <paramref name="firstDay"/> that have ended by the end of
    /// <paramref name="lastDay"/>: BG/BB's transaction opportunities n, 0 while the first day's period is still open.
    /// </summary>
    public static long PeriodsEnded(int firstDay, int lastDay, TimeUnit unit) =>
        Math.Max(0, PeriodIndexAfter(lastDay, firstDay, unit) - PeriodIndex(firstDay, firstDay, unit) - 1);

    /// <summary>
    /// The first day of period <paramref name="index"/> (the inverse of <see cref="PeriodIndex"/> on period starts); for the
    /// month or year after December 9999 the day after 9999-12-31, so that the last period's last day is one before it.
    /// </summary>
    public static long PeriodStartDay(long index, int originDay, TimeUnit unit) => unit switch
    {
        TimeUnit.Days => originDay + index,
        TimeUnit.Weeks => originDay + 7 * index,
        TimeUnit.Months => CalendarStart(checked(1970 + (int)FloorDivide(index, 12)), (int)(index - 12 * FloorDivide(index, 12)) + 1),
        TimeUnit.Years => CalendarStart(checked(1970 + (int)index), 1),
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };

    private static long CalendarStart(int year, int month) =>
        year == DateOnly.MaxValue.Year + 1 && month == 1 ? LastDay + 1L : ToDay(new DateOnly(year, month, 1));

    /// <summary>⌊a / b⌋ for b &gt; 0 (C#'s division truncates towards zero).</summary>
    private static long FloorDivide(long a, long b)
    {
        long quotient = Math.DivRem(a, b, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }
}
