using System.Globalization;

namespace CrmGrpc.Modeling.Tests.TestSupport;

/// <summary>
/// 28-digit references in <see cref="decimal"/> arithmetic, independent of the library's double-precision code.
/// Only +, −, ×, ÷ are needed, so every step is rounded to 28 significant digits (absolute 1e-28 for the O(1)
/// quantities summed here), and series are summed until their tails are below 1e-22: six digits more than a double.
/// </summary>
internal static class DecimalReference
{
    /// <summary>The shortest round-trip decimal of a double: within half an ulp (1.1e-16 relative) of it.</summary>
    public static decimal D(double value)
        => decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>
    /// E[Y(t) | alive, x, T] of the BG/NBD model from the exact identity
    /// Q = Σ_{j≥0} P(N &gt; j) E[(1−p)^j] = Σ_{i≥1} P(N = i) B_i, with N ~ NegBin(r+x, z = u/(1+u)) the purchases an
    /// immortal customer would make (Gamma(r+x, α+T)-mixed Poisson), p ~ Beta(a, b+x) the dropout posterior and
    /// B_i = Σ_{j&lt;i} (b+x)_j/(a+b+x)_j. The weights are summed unnormalised and divided by their own sum.
    /// </summary>
    public static decimal ExpectedIfAlive(double r, double alpha, double a, double b, int x, double age, double horizon)
    {
        decimal u = D(horizon) / (D(alpha) + D(age));
        decimal z = u / (1 + u);
        decimal shape = D(r) + x, bx = D(b) + x, n = D(a) + bx;
        decimal weight = 1, weights = 1, sum = 0, beta = 1, cumulative = 0;
        for (int i = 1; i < 1_000_000; i++)
        {
            weight *= (shape + i - 1) / i * z;
            cumulative += beta;
            beta *= (bx + i - 1) / (n + i - 1);
            weights += weight;
            sum += weight * cumulative;
            if (weights > 1e20m) // decimal tops out at 7.9e28
            {
                weight /= 1e20m;
                weights /= 1e20m;
                sum /= 1e20m;
            }
            // Past the mode the weight ratios tend monotonically to z, so the rest is a geometric tail.
            decimal rho = Math.Max((shape + i) / (i + 1) * z, z);
            if (rho < 1)
            {
                decimal g = rho / (1 - rho);
                // 1e-22, not 1e-28: decimal has a fixed 28-place grid, where a weight of 1e-27 times 0.99 rounds back to itself.
                if (weight * (cumulative * g + beta * g / (1 - rho)) < 1e-22m * sum && weight * g < 1e-22m * weights) return sum / weights;
            }
        }
        throw new InvalidOperationException("The reference series did not converge.");
    }

    /// <summary>P(alive | x, t_x, T) = 1/(1 + δ_{x&gt;0} a/(b+x−1) ((α+T)/(α+t_x))^(r+x)); the power in double (it is well conditioned).</summary>
    public static double AliveProbability(double r, double alpha, double a, double b, int x, double recency, double age)
    {
        if (x == 0) return 1;
        decimal odds = D(a) / (D(b) + x - 1);
        double growth = Math.Pow((double)((D(alpha) + D(age)) / (D(alpha) + D(recency))), r + x);
        return 1 / (1 + (double)odds * growth);
    }

    /// <summary>Relative difference |actual − expected| / |expected|.</summary>
    public static double Relative(double actual, decimal expected) => Math.Abs((double)((D(actual) - expected) / expected));
}
