using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling;

/// <summary>
/// Parameters of the BG/NBD model (Fader, Hardie &amp; Lee 2005, "Counting your customers the easy way"):
/// while alive a customer buys at Poisson rate λ ~ Gamma(shape r, rate α); after each repeat purchase they drop
/// out with probability p ~ Beta(a, b). α carries the time unit of the data it was fitted on.
/// Predictions match lifetimes' <c>BetaGeoFitter</c>.
/// </summary>
public sealed record BgNbdParameters
{
    /// <summary>Creates a parameter set; every parameter must be positive and finite.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not positive and finite.</exception>
    public BgNbdParameters(double r, double alpha, double a, double b)
    {
        R = RequirePositive(r, nameof(r));
        Alpha = RequirePositive(alpha, nameof(alpha));
        A = RequirePositive(a, nameof(a));
        B = RequirePositive(b, nameof(b));
        _logA = Math.Log(A);
    }

    // ln a, a term of every customer's dropout log-odds: taken once (the same value each call would compute).
    private readonly double _logA;

    /// <summary>Shape r of the Gamma distribution of purchase rates.</summary>
    public double R { get; }

    /// <summary>Rate α of the Gamma distribution of purchase rates (in the data's time unit).</summary>
    public double Alpha { get; }

    /// <summary>First shape a of the Beta distribution of dropout probabilities.</summary>
    public double A { get; }

    /// <summary>Second shape b of the Beta distribution of dropout probabilities.</summary>
    public double B { get; }

    /// <summary>
    /// P(alive | x, t_x, T) = 1 / (1 + δ_{x&gt;0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) (Fader, Hardie &amp; Lee 2008,
    /// note 021, eq. 5), computed as a logistic of the log-odds so large x cannot overflow. 1 when x = 0, as in
    /// lifetimes (death only happens right after a repeat purchase).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid history (x &lt; 0, t_x &lt; 0, t_x &gt; T, or t_x ≠ 0 with x = 0).</exception>
    public double ProbabilityAlive(int frequency, double recency, double age)
    {
        CustomerSummary.ValidateHistory(frequency, recency, age, nameof(frequency));
        return AliveProbability(frequency, recency, age);
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T]: expected repeat purchases in the next <paramref name="horizon"/> time units
    /// (Fader, Hardie &amp; Lee 2005, eq. 10; lifetimes' <c>conditional_expected_number_of_purchases_up_to_time</c>).
    /// The Gauss ₂F₁ in eq. 10 is evaluated in a transformed form that has no overflow for large x, no 0/0 at a = 1
    /// and stays accurate for ₂F₁ arguments near 1.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid history, or a negative or non-finite horizon.</exception>
    public double ConditionalExpectedPurchases(double horizon, int frequency, double recency, double age)
    {
        RequireHorizon(horizon);
        CustomerSummary.ValidateHistory(frequency, recency, age, nameof(frequency));
        if (horizon == 0) return 0;
        return AliveProbability(frequency, recency, age) * BgNbdExpectation.IfAlive(R, Alpha, A, B, frequency, age, horizon);
    }

    /// <summary>
    /// <see cref="ConditionalExpectedPurchases(double, int, double, double)"/> at several horizons of one customer:
    /// destination[i] = E[Y(horizons[i]) | x, t_x, T], each value identical to the single-horizon call, for a fraction
    /// of the cost of separate calls (the series for all horizons are summed in one pass and P(alive) is computed once).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid history, a negative or non-finite horizon, or a destination shorter than the horizons.</exception>
    public void ConditionalExpectedPurchases(ReadOnlySpan<double> horizons, int frequency, double recency, double age, Span<double> destination)
    {
        CustomerSummary.ValidateHistory(frequency, recency, age, nameof(frequency));
        ExpectedPurchasesIfAlive(horizons, frequency, age, destination);
        destination = destination[..horizons.Length];
        double alive = AliveProbability(frequency, recency, age);
        for (int i = 0; i < destination.Length; i++) destination[i] = horizons[i] == 0 ? 0 : alive * destination[i];
    }

    /// <summary>
    /// E[Y(t) | alive, x, T] at several horizons: the conditional expectation before its P(alive) factor, the part that
    /// needs the hypergeometric series. It does not depend on t_x, so customers with the same x and T share it.
    /// </summary>
    /// <exception cref="ArgumentException">A negative frequency or age, a negative or non-finite horizon, or a destination shorter than the horizons.</exception>
    public void ExpectedPurchasesIfAlive(ReadOnlySpan<double> horizons, int frequency, double age, Span<double> destination)
    {
        if (destination.Length < horizons.Length)
            throw new ArgumentException("The destination must have one slot per horizon.", nameof(destination));
        foreach (double horizon in horizons) RequireHorizon(horizon);
        CustomerSummary.ValidateHistory(frequency, 0, age, nameof(frequency));
        BgNbdExpectation.IfAlive(R, Alpha, A, B, frequency, age, horizons, destination[..horizons.Length]);
    }

    /// <summary>
    /// E[X(t)]: expected repeat purchases of a newly acquired customer within <paramref name="horizon"/>
    /// (Fader, Hardie &amp; Lee 2005, eq. 9; lifetimes' <c>expected_number_of_purchases_up_to_time</c>).
    /// It equals the conditional expectation for x = 0, t_x = T = 0.
    /// </summary>
    /// <exception cref="ArgumentException">A negative or non-finite horizon.</exception>
    public double ExpectedPurchases(double horizon)
    {
        RequireHorizon(horizon);
        return horizon == 0 ? 0 : BgNbdExpectation.IfAlive(R, Alpha, A, B, 0, 0, horizon);
    }

    /// <summary>
    /// Log-likelihood of one customer's history (Fader, Hardie &amp; Lee 2005, eq. 6), in the log-sum-exp form of
    /// Hardie's note 027 so that it stays finite for x in the hundreds:
    /// ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) − (r+x) ln(α+T)
    /// + ln(1 + δ_{x&gt;0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid history.</exception>
    public double LogLikelihood(int frequency, double recency, double age)
    {
        CustomerSummary.ValidateHistory(frequency, recency, age, nameof(frequency));
        int x = frequency;
        double value = SpecialFunctions.LogGammaRatio(R, x) + R * Math.Log(Alpha)
            + SpecialFunctions.LogGammaRatio(B, x) - SpecialFunctions.LogGammaRatio(A + B, x)
            - (R + x) * Math.Log(Alpha + age);
        if (x > 0) value += SpecialFunctions.SoftPlus(DropoutLogOdds(x, recency, age), out _);
        return value;
    }

    /// <summary>
    /// ln of the odds "dropped out after the last purchase" : "still alive":
    /// ln(a/(b+x−1)) + (r+x) ln((α+T)/(α+t_x)), with the ratio taken through log1p for accuracy when T ≈ t_x.
    /// </summary>
    private double DropoutLogOdds(int x, double recency, double age)
        => _logA - Math.Log(B + x - 1) + (R + x) * SpecialFunctions.Log1P((age - recency) / (Alpha + recency));

    private double AliveProbability(int x, double recency, double age)
    {
        return x == 0 ? 1 : SpecialFunctions.Logistic(-DropoutLogOdds(x, recency, age));
    }

    internal static void RequireHorizon(double horizon)
    {
        if (!(horizon >= 0) || !double.IsFinite(horizon))
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon must be finite and non-negative.");
    }

    internal static double RequirePositive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, "Model parameters must be positive and finite.");
        return value;
    }
}

/// <summary>Asymptotic standard errors of fitted BG/NBD parameters (delta method from log-parameters).</summary>
public sealed record BgNbdStandardErrors(double R, double Alpha, double A, double B);
