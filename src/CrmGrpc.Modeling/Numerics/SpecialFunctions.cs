namespace CrmGrpc.Modeling.Numerics;

/// <summary>
/// Log-gamma, digamma and the accurate <c>log(1+x)</c> / <c>exp(x)−1</c> the likelihoods need.
/// (.NET's <c>double.LogP1</c>/<c>ExpM1</c> are computed naively as <c>Log(1+x)</c>/<c>Exp(x)−1</c>,
/// which loses every digit for tiny x.)
/// </summary>
internal static class SpecialFunctions
{
    private const double HalfLogTwoPi = 0.91893853320467274178;
    private const double EulerGamma = 0.57721566490153286061;

    // Below this the Stirling series is not yet accurate to double precision; shift upwards by recurrence.
    private const double AsymptoticThreshold = 10.0;

    /// <summary>ln Γ(x) for x &gt; 0 (Stirling series above 10, upward recurrence below).</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma needs a positive argument.");
        if (double.IsPositiveInfinity(x)) return double.PositiveInfinity;

        double shift = 0;
        if (x < AsymptoticThreshold)
        {
            // ln Γ(x) = ln Γ(x+n) − ln(x (x+1) … (x+n−1)); the product stays far from overflow for n ≤ 10.
            double product = 1;
            while (x < AsymptoticThreshold)
            {
                product *= x;
                x += 1;
            }
            shift = -Math.Log(product);
        }

        return shift + (x - 0.5) * Math.Log(x) - x + HalfLogTwoPi + StirlingCorrection(x);
    }

    /// <summary>ln Γ(x) − [(x−½) ln x − x + ½ ln 2π] for x ≥ 10: Σ B₂ₖ / (2k (2k−1) x^(2k−1)).</summary>
    private static double StirlingCorrection(double x)
    {
        double inverse = 1 / x;
        double inverseSquared = inverse * inverse;
        return inverse * (1.0 / 12 - inverseSquared * (1.0 / 360 - inverseSquared * (1.0 / 1260
            - inverseSquared * (1.0 / 1680 - inverseSquared * (1.0 / 1188 - inverseSquared * (691.0 / 360360
            - inverseSquared * (1.0 / 156)))))));
    }

    /// <summary>
    /// S(x) = ln Γ(x) − [(x−½) ln x − x + ½ ln 2π] for any x &gt; 0: the Stirling series from 10 on, and below it the
    /// recurrence S(x) = S(x+1) + (x+½) ln(1 + 1/x) − 1 (each step a small difference, absolute error ~ε), so the
    /// (x−½) ln x terms never have to cancel. Lets log-Beta quantities be assembled exactly: the Beta density at its
    /// mode, for instance, is ½ ln(ab/(2π(a+b))) − S(a) − S(b) + S(a+b).
    /// </summary>
    public static double StirlingRemainder(double x)
    {
        if (!(x > 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "StirlingRemainder needs a positive argument.");
        if (double.IsPositiveInfinity(x)) return 0;
        double shift = 0;
        for (; x < AsymptoticThreshold; x += 1) shift += (x + 0.5) * Log1P(1 / x) - 1;
        return shift + StirlingCorrection(x);
    }

    /// <summary>ln x − 1/(2x) − ψ(x) for x ≥ 10: Σ B₂ₖ / (2k x^(2k)).</summary>
    private static double DigammaCorrection(double x)
    {
        double inverseSquared = 1 / (x * x);
        return inverseSquared * (1.0 / 12 - inverseSquared * (1.0 / 120 - inverseSquared * (1.0 / 252
            - inverseSquared * (1.0 / 240 - inverseSquared * (1.0 / 132 - inverseSquared * (691.0 / 32760
            - inverseSquared * (1.0 / 12)))))));
    }

    /// <summary>
    /// ln Γ(v+d) − ln Γ(v) for v &gt; 0, d ≥ 0. For v ≥ 10 the Stirling forms are subtracted analytically,
    /// (v−½) ln(1+d/v) + d ln(v+d) − d + ΔS, so the result keeps full relative precision even when both log-gammas
    /// are ~1e10 and their difference is small (a plain difference would lose ~6 digits at v = 1e9).
    /// </summary>
    public static double LogGammaDifference(double v, double d)
    {
        if (d == 0) return 0;
        if (v < AsymptoticThreshold) return LogGamma(v + d) - LogGamma(v);
        double sum = v + d;
        return (v - 0.5) * Log1P(d / v) + d * Math.Log(sum) - d + (StirlingCorrection(sum) - StirlingCorrection(v));
    }

    /// <summary>ψ(v+d) − ψ(v) for v &gt; 0, d ≥ 0, with the same analytic subtraction for v ≥ 10.</summary>
    public static double DigammaDifference(double v, double d)
    {
        if (d == 0) return 0;
        if (v < AsymptoticThreshold) return Digamma(v + d) - Digamma(v);
        double sum = v + d;
        return Log1P(d / v) + d / (2 * v * sum) - (DigammaCorrection(sum) - DigammaCorrection(v));
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a+b), accurate when either argument is huge.</summary>
    public static double LogBeta(double a, double b)
    {
        double small = Math.Min(a, b), large = Math.Max(a, b);
        return LogGamma(small) - LogGammaDifference(large, small);
    }

    /// <summary>ψ(x) = d ln Γ(x)/dx for x &gt; 0.</summary>
    public static double Digamma(double x)
    {
        if (!(x > 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "Digamma needs a positive argument.");
        if (double.IsPositiveInfinity(x)) return double.PositiveInfinity;
        if (x < 1e-8) return -1 / x - EulerGamma + 1.6449340668482264 * x; // ψ(x) ≈ −1/x − γ + ζ(2) x

        double shift = 0;
        while (x < AsymptoticThreshold)
        {
            shift -= 1 / x;
            x += 1;
        }
        return shift + Math.Log(x) - 0.5 / x - DigammaCorrection(x);
    }

    // For integer steps up to this size, explicit sums beat differences of two large log-gammas in accuracy.
    private const int DirectSumLimit = 64;

    /// <summary>ln Γ(v+n) − ln Γ(v) for v &gt; 0 and integer n ≥ 0, without cancellation for small n.</summary>
    public static double LogGammaRatio(double v, int n)
    {
        if (n == 0) return 0;
        if (n > DirectSumLimit) return LogGammaDifference(v, n);
        double sum = 0;
        for (int k = 0; k < n; k++) sum += Math.Log(v + k);
        return sum;
    }

    /// <summary>ψ(v+n) − ψ(v) for v &gt; 0 and integer n ≥ 0.</summary>
    public static double DigammaDifference(double v, int n)
    {
        if (n == 0) return 0;
        if (n > DirectSumLimit) return DigammaDifference(v, (double)n);
        double sum = 0;
        for (int k = 0; k < n; k++) sum += 1 / (v + k);
        return sum;
    }

    /// <summary>log(1+x), accurate for tiny x (Goldberg's correction).</summary>
    public static double Log1P(double x)
    {
        double u = 1 + x;
        if (u == 1) return x;
        if (double.IsPositiveInfinity(u)) return Math.Log(x);
        return Math.Log(u) * x / (u - 1);
    }

    /// <summary>exp(x)−1, accurate for tiny x (Kahan's correction).</summary>
    public static double ExpM1(double x)
    {
        if (Math.Abs(x) < 1e-5) return x + x * x * (0.5 + x / 6);
        double u = Math.Exp(x);
        if (u == 1) return x;
        double um1 = u - 1;
        if (um1 == -1) return -1;
        if (double.IsPositiveInfinity(u)) return u;
        return um1 * x / Math.Log(u);
    }

    /// <summary>e^x − 1 − x without cancellation: its Taylor series for |x| &lt; ½, the direct difference beyond.</summary>
    public static double ExpM1MinusX(double x)
    {
        if (Math.Abs(x) >= 0.5) return ExpM1(x) - x;
        double term = x * x / 2, sum = term;
        for (int k = 3; k < 40 && Math.Abs(term) > 1e-17 * Math.Abs(sum); k++)
        {
            term *= x / k;
            sum += term;
        }
        return sum;
    }

    /// <summary>
    /// x − log(1+x) for x &gt; −1 without cancellation: for |x| &lt; ½ via log(1+x) = 2 atanh(t), t = x/(2+x), i.e.
    /// x²/(2+x) − 2 Σ_{k≥1} t^(2k+1)/(2k+1) (|t| ≤ ⅓, and the sum is at most a sixth of the first part);
    /// the direct difference beyond.
    /// </summary>
    public static double XMinusLog1P(double x)
    {
        if (Math.Abs(x) >= 0.5) return x - Log1P(x);
        double t = x / (2 + x), t2 = t * t;
        double power = t * t2, series = 0;
        for (int k = 3; k < 80; k += 2)
        {
            double term = power / k;
            series += term;
            if (Math.Abs(term) <= 1e-17 * Math.Abs(series)) break;
            power *= t2;
        }
        return x * x / (2 + x) - 2 * series;
    }

    /// <summary>log(1+exp(x)) and the logistic σ(x) = its derivative, both overflow-free.</summary>
    public static double SoftPlus(double x, out double logistic)
    {
        double e = Math.Exp(-Math.Abs(x));
        logistic = Logistic(x, e);
        return Math.Max(x, 0) + Log1P(e);
    }

    /// <summary>The logistic σ(x) = 1 / (1 + exp(−x)), overflow-free; the same value as <see cref="SoftPlus"/>'s, without its logarithm.</summary>
    public static double Logistic(double x) => Logistic(x, Math.Exp(-Math.Abs(x)));

    private static double Logistic(double x, double expMinusAbs)
    {
        double inverse = 1 / (1 + expMinusAbs);
        return x >= 0 ? inverse : expMinusAbs * inverse;
    }
}
