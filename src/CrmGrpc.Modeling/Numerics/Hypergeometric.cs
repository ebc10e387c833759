namespace CrmGrpc.Modeling.Numerics;

/// <summary>
/// The Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and z &lt; 1
/// (Abramowitz &amp; Stegun 15.1.1). The power series is summed with a rigorous tail bound where it
/// converges quickly; beyond that the function is continued along the real axis by integrating its
/// differential equation (A&amp;S 15.5.1) in s = −ln(1−z), which stays well behaved right up to z → 1
/// and needs no special cases when c−a−b is an integer (the weak spot of the 1−z connection formulas).
/// </summary>
internal static class Hypergeometric
{
    /// <summary>Above this |z| the series is not used on its own: the continuation starts here.</summary>
    internal const double SeriesRadius = 0.5;

    private const double RelativeEpsilon = 1e-16;

    /// <summary>₂F₁(a, b; c; z) for z &lt; 1 and c not zero or a negative integer.</summary>
    public static double Gauss2F1(double a, double b, double c, double z)
    {
        if (!double.IsFinite(a) || !double.IsFinite(b) || !double.IsFinite(c))
            throw new ArgumentException("Hypergeometric parameters must be finite.");
        if (c <= 0 && c == Math.Floor(c))
            throw new ArgumentOutOfRangeException(nameof(c), c, "c must not be zero or a negative integer.");
        if (!(z < 1)) throw new ArgumentOutOfRangeException(nameof(z), z, "The real series is defined for z < 1.");

        if (z == 0) return 1;
        if (z < 0)
        {
            // Pfaff (A&S 15.3.4) maps z < 0 onto w = z/(z−1) ∈ (0, 1).
            return Math.Pow(1 - z, -a) * Gauss2F1(a, c - b, c, z / (z - 1));
        }
        if (z <= SeriesRadius && TrySeries(a, b, c, z, 100_000, out double sum)) return sum;
        return ContinueTowardsOne(a, b, c, z);
    }

    /// <summary>
    /// Sums Σ (a)_k (b)_k / ((c)_k k!) z^k. Stops once the remaining tail is provably below 1e-16 of the sum
    /// (after the last sign change the term ratios tend monotonically to z, so the tail is bounded by a
    /// geometric series). Returns false if that did not happen within <paramref name="maxTerms"/>.
    /// </summary>
    public static bool TrySeries(double a, double b, double c, double z, int maxTerms, out double sum)
    {
        double term = 1;
        sum = 1;
        // Past this index none of (a+k), (b+k), (c+k) changes sign any more.
        double settledAfter = Math.Max(0, Math.Max(-a, Math.Max(-b, -c)));
        for (int k = 0; k < maxTerms; k++)
        {
            double ratio = (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            term *= ratio;
            sum += term;
            if (term == 0) return true; // a or b is a non-positive integer: the series is a polynomial
            if (!double.IsFinite(sum)) return false;
            if (k + 1 > settledAfter && IsTailNegligible(term, Math.Abs(ratio), Math.Abs(z), sum)) return true;
        }
        return false;
    }

    internal static bool IsTailNegligible(double term, double ratio, double limitRatio, double sum)
    {
        double bound = Math.Max(ratio, limitRatio);
        if (bound >= 1) return false;
        return Math.Abs(term) * bound / (1 - bound) <= RelativeEpsilon * Math.Abs(sum);
    }

    private static double ContinueTowardsOne(double a, double b, double c, double z)
    {
        // Initial values at w0 from the series: F and (1−w) F', with F' = (ab/c) ₂F₁(a+1, b+1; c+1; w).
        const double w0 = SeriesRadius;
        if (!TrySeries(a, b, c, w0, 1_000_000, out double f0)
            || !TrySeries(a + 1, b + 1, c + 1, w0, 1_000_000, out double derivativeSeries))
        {
            return double.NaN;
        }
        Span<double> y = [f0, (1 - w0) * a * b / c * derivativeSeries];
        double ab = a * b;
        OdeRightHandSide rhs = (s, state, dyds) =>
        {
            double w = -SpecialFunctions.ExpM1(-s);
            double oneMinusW = Math.Exp(-s);
            dyds[0] = state[1];
            dyds[1] = (oneMinusW * ab * state[0] - (c - (a + b) * w) * state[1]) / w;
        };
        double start = -SpecialFunctions.Log1P(-w0);
        double end = -SpecialFunctions.Log1P(-z);
        return DormandPrince.Integrate(rhs, y, start, end) ? y[0] : double.NaN;
    }
}
