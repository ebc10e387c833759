using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.ParetoNbd;

/// <summary>
/// Parameters of the Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987): while alive a customer buys at
/// Poisson rate λ ~ Gamma(r, α) and lives an exponential lifetime of rate μ ~ Gamma(s, β). α and β carry the time
/// unit of the data. Formulas from Fader, Hardie &amp; Lee (2005), "A Note on Deriving the Pareto/NBD Model and
/// Related Expressions", in the log-space form of <see cref="ParetoNbdTail"/>; the same quantities as lifetimes'
/// <c>ParetoNBDFitter</c>.
/// </summary>
public sealed record ParetoNbdParameters
{
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not positive and finite.</exception>
    public ParetoNbdParameters(double r, double alpha, double s, double beta)
    {
        R = BgNbdParameters.RequirePositive(r, nameof(r));
        Alpha = BgNbdParameters.RequirePositive(alpha, nameof(alpha));
        S = BgNbdParameters.RequirePositive(s, nameof(s));
        Beta = BgNbdParameters.RequirePositive(beta, nameof(beta));
    }

    /// <summary>Shape r of the Gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>Rate α of the Gamma distribution of purchase rates.</summary>
    public double Alpha { get; }

    /// <summary>Shape s of the Gamma distribution of dropout rates.</summary>
    public double S { get; }

    /// <summary>Rate β of the Gamma distribution of dropout rates.</summary>
    public double Beta { get; }

    /// <summary>
    /// ln L(r, α, s, β | x, t_x, T) = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β
    /// + ln[(r+x) G(T; r+x+1, s) + s G(t_x; r+x, s+1)] (FHL note eq. 18, its first term integrated by parts).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid history.</exception>
    public double LogLikelihood(int frequency, double recency, double age)
    {
        CustomerSummary.ValidateHistory(frequency, recency, age, nameof(frequency));
        return SpecialFunctions.LogGammaRatio(R, frequency) + R * Math.Log(Alpha) + S * Math.Log(Beta)
            + LogEvidence(frequency, recency, age);
    }

    /// <summary>
    /// P(alive | x, t_x, T) = (α+T)^−(r+x) (β+T)^−s / [(r+x) G(T; r+x+1, s) + s G(t_x; r+x, s+1)] (FHL note eq. 19,
    /// lifetimes' <c>conditional_probability_alive</c>), as the exponential of a difference of logs.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid history.</exception>
    public double ProbabilityAlive(int frequency, double recency, double age)
    {
        CustomerSummary.ValidateHistory(frequency, recency, age, nameof(frequency));
        return AliveProbability(frequency, recency, age);
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T] = P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] (FHL note eq. 22),
    /// the bracket over s−1 taken through expm1 so s = 1 (where it is ln(1 + t/(β+T))) needs no special case.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid history, or a negative or non-finite horizon.</exception>
    public double ConditionalExpectedPurchases(double horizon, int frequency, double recency, double age)
    {
        BgNbdParameters.RequireHorizon(horizon);
        CustomerSummary.ValidateHistory(frequency, recency, age, nameof(frequency));
        if (horizon == 0) return 0;
        return AliveProbability(frequency, recency, age) * (R + frequency) / (Alpha + age)
            * LifetimeFactor(Beta + age, horizon);
    }

    /// <summary>
    /// <see cref="ConditionalExpectedPurchases(double, int, double, double)"/> at every horizon, with P(alive) (the
    /// hypergeometric part) computed once: a CLV asks for one horizon per month.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid history, or a negative or non-finite horizon.</exception>
    public void ConditionalExpectedPurchases(ReadOnlySpan<double> horizons, int frequency, double recency, double age, Span<double> destination)
    {
        CustomerSummary.ValidateHistory(frequency, recency, age, nameof(frequency));
        if (destination.Length < horizons.Length) throw new ArgumentException("The destination must hold one value per horizon.", nameof(destination));
        double scale = double.NaN;
        for (int i = 0; i < horizons.Length; i++)
        {
            BgNbdParameters.RequireHorizon(horizons[i]);
            if (horizons[i] == 0)
            {
                destination[i] = 0;
                continue;
            }

            if (double.IsNaN(scale)) scale = AliveProbability(frequency, recency, age) * (R + frequency) / (Alpha + age);
            destination[i] = scale * LifetimeFactor(Beta + age, horizons[i]);
        }
    }

    /// <summary>E[X(t)] = rβ / (α(s−1)) · [1 − (β/(β+t))^(s−1)] (FHL note eq. 17): repeat purchases of a new customer.</summary>
    /// <exception cref="ArgumentException">A negative or non-finite horizon.</exception>
    public double ExpectedPurchases(double horizon)
    {
        BgNbdParameters.RequireHorizon(horizon);
        return horizon == 0 ? 0 : R / Alpha * LifetimeFactor(Beta, horizon);
    }

    /// <summary>
    /// b · [1 − (b/(b+t))^(s−1)] / (s−1) for b = β or β+T (the factor of FHL eqs. 17 and 22), as
    /// −b · expm1(−(s−1) ln(1 + t/b)) / (s−1): no cancellation near s = 1 and the limit b ln(1 + t/b) at s = 1.
    /// </summary>
    private double LifetimeFactor(double rate, double horizon)
    {
        double logGrowth = SpecialFunctions.Log1P(horizon / rate);
        double exponent = (S - 1) * logGrowth;
        if (exponent == 0) return rate * logGrowth;
        return rate * (-SpecialFunctions.ExpM1(-exponent)) / (S - 1);
    }

    private double AliveProbability(int x, double recency, double age)
    {
        double logAlive = -(R + x) * Math.Log(Alpha + age) - S * Math.Log(Beta + age) - LogEvidence(x, recency, age);
        // Rounding can put it a hair above 1 at t_x = T, where the evidence is exactly the survival term.
        return Math.Min(1, Math.Exp(logAlive));
    }

    /// <summary>ln[(r+x) G(T; r+x+1, s) + s G(t_x; r+x, s+1)].</summary>
    private double LogEvidence(int x, double recency, double age)
    {
        double shape = R + x;
        double first = Math.Log(shape) + ParetoNbdTail.Log(shape + 1, S, Alpha, Beta, age);
        double second = Math.Log(S) + ParetoNbdTail.Log(shape, S + 1, Alpha, Beta, recency);
        double high = Math.Max(first, second);
        return high + Math.Log(Math.Exp(first - high) + Math.Exp(second - high));
    }
}
