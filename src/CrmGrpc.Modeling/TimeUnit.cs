namespace CrmGrpc.Modeling;

/// <summary>The unit in which recency, age and forecast horizons are measured.</summary>
public enum TimeUnit
{
    /// <summary>Calendar days (lifetimes <c>freq="D"</c>).</summary>
    Days = 0,

    /// <summary>Weeks of seven days: day counts divided by 7, as in the CDNOW summaries (t_x = 30.43, T = 38.86).</summary>
    Weeks = 1,
}

/// <summary>Conversions for <see cref="TimeUnit"/>.</summary>
public static class TimeUnitExtensions
{
    /// <summary>Days in one unit: 1 or 7.</summary>
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
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };
}
