using System.Globalization;

namespace CrmGrpc.Modeling.Tests.Models;

/// <summary>
/// A 28-digit floating-point number for reference values: a <see cref="decimal"/> mantissa in [1, 10) and a base-10
/// exponent, so products of thousands of factors (x = 5,000 purchases, parameters at 1e-6 and 1e6) neither overflow nor
/// underflow. Each operation rounds to 28 significant digits (1e-28 relative), twelve digits more than a double, so a
/// chain of 10,000 operations is still good to ~1e-24. Only the final conversion to double rounds to ~1e-16.
/// </summary>
internal readonly record struct DecimalFloat
{
    private DecimalFloat(decimal mantissa, long exponent)
    {
        if (mantissa == 0)
        {
            Mantissa = 0;
            Exponent = 0;
            return;
        }
        // Normalise to 1 ≤ |m| < 10; the multiplications and divisions by 10 shift decimal's scale and lose nothing
        // beyond its 28-29 digits.
        while (Math.Abs(mantissa) >= 10)
        {
            mantissa /= 10;
            exponent++;
        }
        while (Math.Abs(mantissa) < 1)
        {
            mantissa *= 10;
            exponent--;
        }
        Mantissa = mantissa;
        Exponent = exponent;
    }

    public decimal Mantissa { get; }

    public long Exponent { get; }

    public static DecimalFloat One => new(1, 0);

    public static DecimalFloat Zero => new(0, 0);

    /// <summary>The shortest round-trip decimal of a double: within half an ulp (1.1e-16 relative) of it.</summary>
    public static DecimalFloat From(double value)
    {
        string text = value.ToString("E16", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E', StringComparison.Ordinal);
        return new(decimal.Parse(text[..e], NumberStyles.Float, CultureInfo.InvariantCulture), long.Parse(text[(e + 1)..], CultureInfo.InvariantCulture));
    }

    public static DecimalFloat From(long value) => new(value, 0);

    public static DecimalFloat operator *(DecimalFloat a, DecimalFloat b) => new(a.Mantissa * b.Mantissa, a.Exponent + b.Exponent);

    public static DecimalFloat operator /(DecimalFloat a, DecimalFloat b) => new(a.Mantissa / b.Mantissa, a.Exponent - b.Exponent);

    public static DecimalFloat operator +(DecimalFloat a, DecimalFloat b)
    {
        if (a.Mantissa == 0) return b;
        if (b.Mantissa == 0) return a;
        var (large, small) = a.Exponent >= b.Exponent ? (a, b) : (b, a);
        long gap = large.Exponent - small.Exponent;
        if (gap > 30) return large; // below the 28th digit
        decimal scaled = small.Mantissa;
        for (long i = 0; i < gap; i++) scaled /= 10;
        return new(large.Mantissa + scaled, large.Exponent);
    }

    public static DecimalFloat operator -(DecimalFloat a, DecimalFloat b) => a + new DecimalFloat(-b.Mantissa, b.Exponent);

    public static DecimalFloat operator +(DecimalFloat a, long b) => a + From(b);

    /// <summary>The nearest double (0 on underflow).</summary>
    public double ToDouble() => Mantissa == 0 ? 0 : (double)Mantissa * Math.Pow(10, Exponent);

    /// <summary>ln of a positive value, even far outside double's range: ln m + e ln 10.</summary>
    public double Log()
    {
        if (Mantissa <= 0) throw new InvalidOperationException("ln needs a positive value.");
        return Math.Log((double)Mantissa) + Exponent * Math.Log(10);
    }
}
