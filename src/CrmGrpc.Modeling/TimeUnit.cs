namespace CrmGrpc.Modeling;

/// <summary>The unit in which recency, age and forecast horizons are measured.</summary>
public enum TimeUnit
{
    /// <summary>Calendar days (lifetimes <c>freq="D"</c>).</summary>
    Days = 0,

    /// <summary>Weeks of seven days: day counts divided by 7, as in the CDNOW summaries (t_x = 30.43, T = 38.86).</summary>
    Weeks = 1,

    /// <summary>Calendar months: periods of the discrete and contractual models (BG/BB, sBG) only.</summary>
    Months = 2,

    /// <summary>Calendar years: periods of the discrete and contractual models (BG/BB, sBG) only.</summary>
    Years = 3,
}

/// <summary>Conversions for <see cref="TimeUnit"/>.</summary>
public static class TimeUnitExtensions
{
    /// <summary>Whether the unit is a calendar period of varying length (months, years), which only the period-based models take.</summary>
    public static bool IsCalendar(this TimeUnit unit) => unit is TimeUnit.Months or TimeUnit.Years;

    /// <summary>Days in one unit: 1 or 7; calendar units have no fixed length (<see cref="ArgumentOutOfRangeException"/>).</summary>
    public static double DaysPerUnit(this TimeUnit unit) => unit switch
    {
        TimeUnit.Days => 1,
        TimeUnit.Weeks => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };

    /// <summary>
    /// Units in one month as lifetimes' <c>_customer_lifetime_value</c> counts them: 30 days, or 4.345 weeks
    /// (lifetimes' table <c>{"W": 4.345, "M": 1.0, "D": 30, "H": 30 * 24}</c>; note 30/7 ≠ 4.345, kept for parity).
    /// </summary>
    public static double UnitsPerMonth(this TimeUnit unit) => unit switch
    {
        TimeUnit.Days => 30,
        TimeUnit.Weeks => 4.345,
        TimeUnit.Months => 1,
        TimeUnit.Years => 1.0 / 12,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };
}
