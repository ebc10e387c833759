using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.MbgNbd;

/// <summary>
/// Parameters of the MBG/NBD model (Batislam, Denizel &amp; Filiztekin 2007): BG/NBD in which a customer may also drop
/// out right after the first purchase, so every customer, x = 0 included, has survived x + 1 coin flips with dropout
/// probability p ~ Beta(a, b). Predictions match lifetimes' <c>ModifiedBetaGeoFitter</c>.
/// </summary>
/// <remarks>
/// Given alive, the posterior of p is Beta(a, b+x+1): BG/NBD's Beta(a, b'+x) with b' = b+1, and the purchase rate's
/// Gamma(r+x, α+T) is the same. So E[Y(t) | alive] is BG/NBD's with b+1 (its carefully tuned
/// <see cref="BgNbdExpectation"/>), and E[X(t)] is b/(a+b) (survival of the first flip) times BG/NBD's with b+1.
/// </remarks>
public sealed record MbgNbdParameters
{
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not positive and finite.</exception>
    public MbgNbdParameters(double r, double alpha, double a, double b)
    {
        R = BgNbdParameters.RequirePositive(r, nameof(r));
        Alpha = BgNbdParameters.RequirePositive(alpha, nameof(alpha));
        A = BgNbdParameters.RequirePositive(a, nameof(a));
        B = BgNbdParameters.RequirePositive(b, nameof(b));
    }

    /// <summary>Shape r of the Gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>Rate α of the Gamma distribution of purchase rates (in the data's time unit).</summary>
    public double Alpha { get; }

    /// <summary>First shape a of the Beta distribution of dropout probabilities.</summary>
    public double A { get; }

    /// <summary>Second shape b of the Beta distribution of dropout probabilities.</summary>
    public double B { get; }

    /// <summary>
    /// ln L = ln Γ(r+x)/Γ(r) + r ln α + ln B(a, b+x+1)/B(a, b) − (r+x) ln(α+T) + ln(1 + a/(b+x) ((α+T)/(α+t_x))^(r+x))
    /// (lifetimes' <c>ModifiedBetaGeoFitter._negative_log_likelihood</c>, with the soft-plus for large x).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid history.</exception>
    public double LogLikelihood(int frequency, double recency, double age)
    {
        CustomerSummary.ValidateHistory(frequency, recency, age, nameof(frequency));
        int x = frequency;
        return SpecialFunctions.LogGammaRatio(R, x) + R * Math.Log(Alpha)
            + SpecialFunctions.LogGammaRatio(B, x + 1) - SpecialFunctions.LogGammaRatio(A + B, x + 1)
            - (R + x) * Math.Log(Alpha + age)
            + SpecialFunctions.SoftPlus(DropoutLogOdds(x, recency, age), out _);
    }

    /// <summary>P(alive | x, t_x, T) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)), for x = 0 too.</summary>
    /// <exception cref="ArgumentException">Invalid history.</exception>
    public double ProbabilityAlive(int frequency, double recency, double age)
    {
        CustomerSummary.ValidateHistory(frequency, recency, age, nameof(frequency));
        return AliveProbability(frequency, recency, age);
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T] = P(alive) · (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))]
    /// (lifetimes' form), evaluated as P(alive) times BG/NBD's E[Y(t) | alive] with b+1.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid history, or a negative or non-finite horizon.</exception>
    public double ConditionalExpectedPurchases(double horizon, int frequency, double recency, double age)
    {
        BgNbdParameters.RequireHorizon(horizon);
        CustomerSummary.ValidateHistory(frequency, recency, age, nameof(frequency));
        if (horizon == 0) return 0;
        return AliveProbability(frequency, recency, age) * BgNbdExpectation.IfAlive(R, Alpha, A, B + 1, frequency, age, horizon);
    }

    /// <summary>
    /// E[X(t)] = b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))] (lifetimes' form), evaluated as b/(a+b) times
    /// BG/NBD's with b+1 (no 0/0 at a = 1).
    /// </summary>
    /// <exception cref="ArgumentException">A negative or non-finite horizon.</exception>
    public double ExpectedPurchases(double horizon)
    {
        BgNbdParameters.RequireHorizon(horizon);
        return horizon == 0 ? 0 : B / (A + B) * BgNbdExpectation.IfAlive(R, Alpha, A, B + 1, 0, 0, horizon);
    }

    /// <summary>ln(a/(b+x)) + (r+x) ln((α+T)/(α+t_x)), the ratio through log1p for accuracy when T ≈ t_x.</summary>
    private double DropoutLogOdds(int x, double recency, double age)
        => Math.Log(A) - Math.Log(B + x) + (R + x) * SpecialFunctions.Log1P((age - recency) / (Alpha + recency));

    private double AliveProbability(int x, double recency, double age)
    {
        SpecialFunctions.SoftPlus(-DropoutLogOdds(x, recency, age), out double alive);
        return alive;
    }
}
