using CrmGrpc.Modeling.Tests.TestSupport;
using static CrmGrpc.Modeling.Tests.TestSupport.DecimalReference;
using M = CrmGrpc.Modeling.BgNbdExpectation.Method;

namespace CrmGrpc.Modeling.Tests;

/// <summary>
/// A real fit on a low-heterogeneity book (weeks): a, b ≈ 1e14, i.e. every customer has the same dropout probability
/// m = a/(a+b) ≈ 0.2; and Gamma-Gamma q ≈ 6e9, γ ≈ 8e10. These used to fall to adaptive quadrature (milliseconds per
/// call) whose log-Beta normaliser of size 1e16 lost every digit (results off by up to 5.7×).
/// </summary>
public class DegenerateFitTests
{
    private const double R = 2.1726519178943446, Alpha = 11.731189949780102, A = 149295421936814.78, B = 590632796969141.2;
    private static readonly BgNbdParameters Fit = new(R, Alpha, A, B);
    private static readonly GammaGammaParameters Spend = new(4.1053391295846735, 5672002829.100398, 76060319847.41867);

    /// <summary>Typical customers: x in 0..8, T up to 52 weeks, t_x ≤ T.</summary>
    private static readonly (int X, double Recency, double Age)[] Customers =
    [
        (0, 0, 0), (0, 0, 13), (0, 0, 52), (1, 2.5, 13), (2, 30.43, 38.86), (3, 51, 52), (5, 20, 52), (8, 50, 52), (8, 13, 13),
    ];

    private static readonly double[] Horizons = [.. Enumerable.Range(1, 12).Select(month => month * 4.345), 52];

    [Fact]
    public void Conditional_expectation_matches_a_28_digit_reference_to_2e_15_for_typical_customers_and_horizons()
    {
        foreach (var (x, recency, age) in Customers)
        {
            foreach (double horizon in Horizons)
            {
                decimal ifAlive = ExpectedIfAlive(R, Alpha, A, B, x, age, horizon);
                double alive = AliveProbability(R, Alpha, A, B, x, recency, age);
                Assert.True(Relative(BgNbdExpectation.IfAlive(R, Alpha, A, B, x, age, horizon), ifAlive) <= 2e-15, $"Q at ({x}, {recency}, {age}, t = {horizon})");
                Assert.True(Relative(Fit.ConditionalExpectedPurchases(horizon, x, recency, age), ifAlive * D(alive)) <= 4e-15);
                Assert.Equal(alive, Fit.ProbabilityAlive(x, recency, age), 1e-15 * alive);
            }
        }
    }

    [Fact]
    public void Conditional_expectation_matches_the_forced_quadrature_path_to_1e_13()
    {
        // The quadrature works in the logit of p around the mode with a cancellation-free log-density: an independent
        // double-precision method that stays accurate even with a, b ≈ 1e14.
        foreach (var (x, _, age) in Customers)
        {
            foreach (double horizon in new[] { 4.345, 26, 52 })
            {
                double automatic = BgNbdExpectation.IfAlive(R, Alpha, A, B, x, age, horizon);
                double integrated = BgNbdExpectation.IfAlive(R, Alpha, A, B, x, age, horizon, M.Quadrature);
                Assert.Equal(integrated, automatic, 1e-13 * integrated);
            }
        }
    }

    [Fact]
    public void Conditional_expectation_is_f_of_m_plus_half_f_second_derivative_times_the_variance_to_1e_14()
    {
        // p ~ Beta(a, b+x) is a near point mass at m: Q = E[f(p)] = f(m) + ½ f''(m) Var(p) + O(Var²/m⁴),
        // f(p) = (1 − (1+pu)^−(r+x))/p. Here Var(p)/m² ≈ 3e-15, so the remainder is ~1e-29 (the tolerance is for
        // 1 − (1+mu)^−(r+x) evaluated plainly, which loses a digit for the shortest horizons).
        foreach (var (x, _, age) in Customers)
        {
            foreach (double horizon in Horizons)
            {
                double u = horizon / (Alpha + age), shape = R + x, n = A + B + x, m = A / n;
                double variance = m * ((B + x) / n) / (n + 1);
                double h = 1 - Math.Pow(1 + m * u, -shape);
                double h1 = shape * u * Math.Pow(1 + m * u, -shape - 1);
                double h2 = -shape * (shape + 1) * u * u * Math.Pow(1 + m * u, -shape - 2);
                double f = h / m, f2 = h2 / m - 2 * h1 / (m * m) + 2 * h / (m * m * m);
                double expected = f + 0.5 * f2 * variance;
                Assert.Equal(expected, BgNbdExpectation.IfAlive(R, Alpha, A, B, x, age, horizon), 1e-14 * expected);
            }
        }
    }

    [Fact]
    public void The_point_mass_expansion_is_taken_with_a_rigorous_error_bound_below_1e_15()
    {
        // Order 1 (f(m)) already meets the bound for short horizons, order 3 for the rest (its bound is ~1e-29).
        foreach (var (x, _, age) in Customers)
        {
            foreach (double horizon in Horizons)
            {
                double u = horizon / (Alpha + age);
                Assert.True(BgNbdExpectation.TryPointMass(R + x, A, B + x, u, BgNbdExpectation.PointMassTolerance, out double q, out double bound));
                Assert.True(bound <= BgNbdExpectation.PointMassTolerance * q, $"bound {bound} for Q = {q}");
            }
        }
    }

    [Fact]
    public void Unconditional_expectation_log_likelihood_and_probability_alive_stay_accurate()
    {
        foreach (double horizon in Horizons)
            Assert.True(Relative(Fit.ExpectedPurchases(horizon), ExpectedIfAlive(R, Alpha, A, B, 0, 0, horizon)) <= 2e-15);

        foreach (var (x, recency, age) in Customers)
        {
            // ln B(a, b+x) − ln B(a, b) = Σ_{k<x} ln((b+k)/(a+b+k)): ratios of O(1) computed in 28 digits. Log-gamma
            // differences of arguments ~1e14 (values ~5e15) would lose everything here.
            double logBetaRatio = 0;
            for (int k = 0; k < x; k++) logBetaRatio += Math.Log((double)((D(B) + k) / (D(A) + D(B) + k)));
            double logGammaRatio = 0;
            for (int k = 0; k < x; k++) logGammaRatio += Math.Log(R + k);
            double dropout = x == 0 ? 0 : (double)(D(A) / (D(B) + x - 1)) * Math.Pow((Alpha + age) / (Alpha + recency), R + x);
            double expected = logGammaRatio + R * Math.Log(Alpha) + logBetaRatio - (R + x) * Math.Log(Alpha + age) + Math.Log(1 + dropout);
            Assert.Equal(expected, Fit.LogLikelihood(x, recency, age), 1e-12 * Math.Max(1, Math.Abs(expected)));
        }
    }

    [Fact]
    public void Gamma_gamma_expected_average_value_with_huge_q_and_gamma_matches_28_digits_to_1e_15()
    {
        double p = Spend.P, q = Spend.Q, gamma = Spend.Gamma;
        foreach (int x in new[] { 0, 1, 3, 8, 100 })
        {
            foreach (double spend in new[] { 0.0, 12.5, 54.99, 1e4 })
            {
                decimal exact = (D(gamma) + x * D(spend)) * D(p) / (D(p) * x + D(q) - 1);
                double actual = Spend.ConditionalExpectedAverageValue(x, x == 0 ? 0 : spend);
                if (x == 0) exact = D(gamma) * D(p) / (D(q) - 1);
                Assert.True(Relative(actual, exact) <= 1e-15, $"x = {x}, z̄ = {spend}: {actual} vs {exact}");
            }
        }
        Assert.True(double.IsFinite(Spend.LogLikelihood(3, 54.99)));
    }

    [Fact]
    public void Predictive_clv_equals_the_monthly_loop_exactly_and_the_28_digit_reference_to_1e_14()
    {
        const int months = 12;
        const double rate = 0.01;
        foreach (var (x, recency, age) in Customers)
        {
            var customer = new CustomerSummary(x, recency, age, x == 0 ? 0 : 40);
            double value = Spend.ConditionalExpectedAverageValue(x, customer.MonetaryValue);
            double loop = 0, previous = 0;
            decimal reference = 0, previousReference = 0;
            double alive = AliveProbability(R, Alpha, A, B, x, recency, age);
            for (int month = 1; month <= months; month++)
            {
                double cumulative = Fit.ConditionalExpectedPurchases(month * 4.345, x, recency, age);
                loop += (cumulative - previous) * value / Math.Pow(1 + rate, month);
                previous = cumulative;
                decimal exact = ExpectedIfAlive(R, Alpha, A, B, x, age, month * 4.345) * D(alive);
                reference += (exact - previousReference) * D(value / Math.Pow(1 + rate, month));
                previousReference = exact;
            }
            double clv = PredictiveClv.Compute(Fit, Spend, customer, months, rate, TimeUnit.Weeks);
            Assert.Equal(loop, clv);
            Assert.True(Relative(clv, reference) <= 1e-14, $"CLV {clv} vs {reference}");
        }
    }
}
