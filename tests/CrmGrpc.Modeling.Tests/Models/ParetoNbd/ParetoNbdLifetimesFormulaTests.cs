using CrmGrpc.Modeling.Models.ParetoNbd;
using static CrmGrpc.Modeling.Tests.TestSupport.DecimalReference;

namespace CrmGrpc.Modeling.Tests.Models.ParetoNbd;

/// <summary>
/// The library against lifetimes' ParetoNBDFitter formulas (Fader, Hardie &amp; Lee 2005 note, eqs. 19 and 22 with the
/// paper's A₀ as a difference of two ₂F₁ terms), the ₂F₁ series and the difference summed in decimal.
/// </summary>
public class ParetoNbdLifetimesFormulaTests
{
    private static decimal Hypergeometric(decimal a, decimal b, decimal c, decimal z)
    {
        decimal term = 1, sum = 1;
        for (int k = 0; k < 100_000 && Math.Abs(term) > 1e-26m * Math.Abs(sum); k++)
        {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
        }
        return sum;
    }

    /// <summary>
    /// lifetimes' P(alive) = 1 / (1 + s/(r+s+x) (α+T)^(r+x) (β+T)^s A₀), with A₀ scaled by (base+T)^(r+s+x) so every
    /// power is a ratio near one (taken in double, where it is well conditioned) and only the ₂F₁s and their
    /// difference are in decimal.
    /// </summary>
    private static double LifetimesAlive(double r, double alpha, double s, double beta, int x, double recency, double age)
    {
        bool alphaBase = alpha >= beta;
        double baseValue = alphaBase ? alpha : beta;
        decimal m = D(r) + D(s) + x;
        decimal secondParameter = alphaBase ? D(s) + 1 : D(r) + x;
        decimal difference = Math.Abs(D(alpha) - D(beta));
        decimal atRecency = Hypergeometric(m, secondParameter, m + 1, difference / (D(baseValue) + D(recency)));
        decimal atAge = Hypergeometric(m, secondParameter, m + 1, difference / (D(baseValue) + D(age)));
        double growth = Math.Pow((double)((D(baseValue) + D(age)) / (D(baseValue) + D(recency))), (double)m);
        // (α+T)^(r+x) (β+T)^s / (base+T)^(r+s+x): the other base's ratio to the chosen one, to the power of its exponent.
        double otherRatio = alphaBase
            ? Math.Pow((double)((D(beta) + D(age)) / (D(alpha) + D(age))), s)
            : Math.Pow((double)((D(alpha) + D(age)) / (D(beta) + D(age))), r + x);
        decimal scaledA0 = atRecency * D(growth) - atAge;
        decimal odds = D(s) / m * scaledA0 * D(otherRatio);
        return (double)(1 / (1 + odds));
    }

    private static double LifetimesConditional(double r, double alpha, double s, double beta, int x, double recency, double age, double t)
    {
        double ratio = Math.Pow((double)((D(beta) + D(age)) / (D(beta) + D(age) + D(t))), s - 1);
        decimal factor = (D(r) + x) * (D(beta) + D(age)) / ((D(alpha) + D(age)) * (D(s) - 1)) * (1 - D(ratio));
        return LifetimesAlive(r, alpha, s, beta, x, recency, age) * (double)factor;
    }

    [Theory]
    [InlineData(0.553, 10.578, 0.606, 11.669, 0, 0, 38.86)]
    [InlineData(0.553, 10.578, 0.606, 11.669, 2, 30.43, 38.86)]
    [InlineData(0.553, 10.578, 0.606, 11.669, 7, 12.5, 38.86)]
    [InlineData(0.553, 10.578, 0.606, 11.669, 40, 20, 38.86)]
    [InlineData(1.2, 30, 2.5, 4, 3, 10, 50)]   // α > β
    [InlineData(1.2, 4, 2.5, 30, 3, 10, 50)]   // α < β
    public void Probability_alive_and_conditional_expectation_match_lifetimes_formulas_to_1e_10_relative(
        double r, double alpha, double s, double beta, int x, double recency, double age)
    {
        var p = new ParetoNbdParameters(r, alpha, s, beta);
        double alive = LifetimesAlive(r, alpha, s, beta, x, recency, age);
        Assert.Equal(alive, p.ProbabilityAlive(x, recency, age), 1e-10 * alive);
        double expected = LifetimesConditional(r, alpha, s, beta, x, recency, age, 39);
        Assert.Equal(expected, p.ConditionalExpectedPurchases(39, x, recency, age), 1e-10 * expected);
        double unconditional = (double)(D(r) * D(beta) / (D(alpha) * (D(s) - 1)) * (1 - D(Math.Pow((double)(D(beta) / (D(beta) + 39)), s - 1))));
        Assert.Equal(unconditional, p.ExpectedPurchases(39), 1e-10 * unconditional);
    }
}
