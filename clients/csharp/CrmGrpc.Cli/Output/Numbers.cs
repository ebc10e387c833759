using System.Globalization;

namespace CrmGrpc.Cli.Output;

/// <summary>Numbers for tables: invariant culture, no thousands separators (so output greps and pastes).</summary>
internal static class Numbers
{
    /// <summary>What an absent value shows.</summary>
    public const string Absent = "—";

    /// <summary>
    /// A value with at most 2 decimals from 1 up (2000, 19.99, 1.5), at most 4 below 1 (0.4567), and 3
    /// significant digits when that would round a non-zero value to 0 (1.23E-05).
    /// </summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        var magnitude = Math.Abs(value);
        if (magnitude >= 1)
        {
            return value.ToString("0.##", CultureInfo.InvariantCulture);
        }

        var text = value.ToString("0.####", CultureInfo.InvariantCulture);
        return value != 0 && (text == "0" || text == "-0") ? value.ToString("G3", CultureInfo.InvariantCulture) : text;
    }

    /// <summary>A model parameter or statistic: 6 significant digits (0.242593, 4.41359, 1.2E-05).</summary>
    public static string Precise(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>The value, or "—" when absent.</summary>
    public static string Format(double? value) => value is { } v ? Format(v) : Absent;

    /// <summary>A count: 1234.</summary>
    public static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage with one decimal: 0.4567 → "45.7%".</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A relative change as a signed percentage: 0.123 → "+12.3%", −0.05 → "-5.0%".</summary>
    public static string SignedPercent(double fraction) => (fraction * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A signed percentage, or "—".</summary>
    public static string SignedPercent(double? fraction) => fraction is { } f ? SignedPercent(f) : Absent;

    /// <summary>A 95 % interval of relative changes: "[-1.2%, +25.0%]", or "—" when either end is absent.</summary>
    public static string Interval(double? lower, double? upper) =>
        lower is { } l && upper is { } u ? $"[{SignedPercent(l)}, {SignedPercent(u)}]" : Absent;

    /// <summary>A date for labels: "1997-01-01".</summary>
    public static string Date(Google.Protobuf.WellKnownTypes.Timestamp? timestamp) =>
        timestamp is null ? string.Empty : timestamp.ToDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
