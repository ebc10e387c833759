using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.BgCnbdK;

/// <summary>
/// BG/CNBD-k parameters (Platzer &amp; Reutterer 2016; BTYDplus' <c>bgcnbd.*</c>): while alive a customer's inter-purchase
/// times are Erlang-k with rate λ, λ ~ Gamma(r, α) across customers, and after each repeat purchase the customer drops out
/// with probability p ~ Beta(a, b). k = 1 is BG/NBD. Times are in the unit α was fitted in.
/// </summary>
public sealed record BgCnbdKParameters
{
    /// <summary>The largest k the model takes (BTYDplus' search range 1…12).</summary>
    public const int MaxK = 12;

    /// <exception cref="ArgumentOutOfRangeException">k is not 1…<see cref="MaxK"/>, or another parameter is not positive and finite.</exception>
    public BgCnbdKParameters(int k, double r, double alpha, double a, double b)
    {
        if (k < 1 || k > MaxK) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be a whole number 1…{MaxK}.");
        Positive(r, nameof(r));
        Positive(alpha, nameof(alpha));
        Positive(a, nameof(a));
        Positive(b, nameof(b));
        K = k;
        R = r;
        Alpha = alpha;
        A = a;
        B = b;
    }

    /// <summary>Erlang shape of the inter-purchase times (regularity; 1 = exponential).</summary>
    public int K { get; }

    /// <summary>Shape of the gamma distribution of the purchase rate λ.</summary>
    public double R { get; }

    /// <summary>Rate of the gamma distribution of λ (in the time unit).</summary>
    public double Alpha { get; }

    /// <summary>First shape of the beta distribution of the dropout probability.</summary>
    public double A { get; }

    /// <summary>Second shape of the beta distribution of the dropout probability.</summary>
    public double B { get; }

    private static void Positive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0) throw new ArgumentOutOfRangeException(name, value, "Must be a positive finite number.");
    }

    /// <summary>
    /// One customer's log-likelihood, BTYDplus' <c>bgcnbd.LL</c>: (k−1) litt − x ln (k−1)! + ln B(a, b+x)/B(a, b)
    /// + ln Γ(r+kx)/Γ(r) + r ln α − (r+kx) ln(α+T) + ln(S1 + S2), with the Erlang timing term so that values of
    /// different k compare. S1 (dropped out after the last purchase) and S2 (alive, the next purchase not yet due) are
    /// combined in log space.
    /// </summary>
    public double LogLikelihood(in TimedHistory history)
    {
        Validate(history);
        int x = history.Frequency;
        double shape = R + (double)K * x;
        double logAgeTerm = Math.Log(Alpha + history.Age);
        double value = (K - 1) * history.LogInterPurchaseSum - x * LogFactorial(K - 1)
            + SpecialFunctions.LogGammaRatio(B, x) - SpecialFunctions.LogGammaRatio(A + B, x)
            + SpecialFunctions.LogGammaDifference(R, (double)K * x) + R * Math.Log(Alpha) - shape * logAgeTerm;
        double logStillDue = LogNotYetDue(K, shape, (history.Age - history.Recency) / (Alpha + history.Age), null);
        if (x == 0) return value + logStillDue;
        double logDropped = LogDroppedOdds(x, shape, history.Recency, history.Age);
        return value + logStillDue + SpecialFunctions.SoftPlus(logDropped - logStillDue, out _);
    }

    /// <summary>P(alive) at T (BTYDplus' <c>bgcnbd.PAlive</c>): 1 / (1 + S1/S2), and 1 for x = 0.</summary>
    public double ProbabilityAlive(in TimedHistory history)
    {
        Validate(history);
        if (history.Frequency == 0) return 1;
        double shape = R + (double)K * history.Frequency;
        double logStillDue = LogNotYetDue(K, shape, (history.Age - history.Recency) / (Alpha + history.Age), null);
        double logDropped = LogDroppedOdds(history.Frequency, shape, history.Recency, history.Age);
        // 1/(1 + e^(lnS1 − lnS2)) is the logistic of lnS2 − lnS1.
        SpecialFunctions.SoftPlus(logStillDue - logDropped, out double alive);
        return alive;
    }

    /// <summary>
    /// Expected repeat purchases in (T, T + <paramref name="horizon"/>] given the history, exactly (not BTYDplus'
    /// bias-corrected BG/NBD approximation): P(alive) × Σ_j w_j E_j, where j is the number of the k Erlang phases of
    /// the next inter-purchase time already completed at T (posterior weights w_j, the terms of S2), λ | j ~
    /// Gamma(r+kx+j, α+T), p | alive ~ Beta(a, b+x); see <see cref="BgCnbdKExpectation"/>.
    /// </summary>
    public double ConditionalExpectedPurchases(double horizon, in TimedHistory history)
    {
        Validate(history);
        if (!(horizon >= 0) || !double.IsFinite(horizon)) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon must be finite and non-negative.");
        if (horizon == 0) return 0;
        int x = history.Frequency;
        double shape = R + (double)K * x;
        double rate = Alpha + history.Age;
        Span<double> logWeights = stackalloc double[K];
        double logStillDue = LogNotYetDue(K, shape, (history.Age - history.Recency) / rate, logWeights);
        double alive = 1;
        if (x > 0)
        {
            SpecialFunctions.SoftPlus(logStillDue - LogDroppedOdds(x, shape, history.Recency, history.Age), out alive);
        }
        double expected = 0;
        for (int j = 0; j < K; j++)
        {
            double weight = Math.Exp(logWeights[j] - logStillDue);
            if (weight < 1e-300) continue;
            expected += weight * BgCnbdKExpectation.ExpectedIfAlive(K, j, shape + j, rate, horizon, A, B + x);
        }
        return alive * expected;
    }

    /// <summary>E[X(t)]: expected repeat purchases in the <paramref name="sinceFirstPurchase"/> units after a customer's first purchase (BTYDplus' <c>bgcnbd.Expectation</c>).</summary>
    public double ExpectedPurchases(double sinceFirstPurchase)
    {
        if (!(sinceFirstPurchase >= 0) || !double.IsFinite(sinceFirstPurchase))
            throw new ArgumentOutOfRangeException(nameof(sinceFirstPurchase), sinceFirstPurchase, "The time must be finite and non-negative.");
        if (sinceFirstPurchase == 0) return 0;
        return BgCnbdKExpectation.ExpectedIfAlive(K, 0, R, Alpha, sinceFirstPurchase, A, B);
    }

    /// <summary>ln S1 = ln(a/(b+x−1)) + (r+kx) ln((α+T)/(α+t_x)) for x &gt; 0.</summary>
    private double LogDroppedOdds(int x, double shape, double recency, double age)
        => Math.Log(A) - Math.Log(B + x - 1) + shape * (Math.Log(Alpha + age) - Math.Log(Alpha + recency));

    /// <summary>
    /// ln S2 = ln Σ_{j&lt;k} (s)_j ρ^j / j!, ρ = (T − t_x)/(α+T): the probability (after the gamma mixing, relative to
    /// the j = 0 term) that the next Erlang-k purchase is not yet due. Writes each term's log to
    /// <paramref name="logTerms"/> when given (the posterior weights of the completed phases).
    /// </summary>
    internal static double LogNotYetDue(int k, double shape, double ratio, Span<double> logTerms)
    {
        double logRatio = ratio > 0 ? Math.Log(ratio) : double.NegativeInfinity;
        double term = 0, largest = 0;
        if (!logTerms.IsEmpty) logTerms[0] = 0;
        for (int j = 1; j < k; j++)
        {
            term += Math.Log((shape + j - 1) / j) + logRatio;
            if (!logTerms.IsEmpty) logTerms[j] = term;
            largest = Math.Max(largest, term);
        }
        if (k == 1 || double.IsNegativeInfinity(logRatio)) return 0;
        // Log-sum-exp: (s)_j ρ^j/j! can reach 1e60 for x in the thousands.
        double sum = 0;
        term = 0;
        sum += Math.Exp(-largest);
        for (int j = 1; j < k; j++)
        {
            term += Math.Log((shape + j - 1) / j) + logRatio;
            sum += Math.Exp(term - largest);
        }
        return largest + Math.Log(sum);
    }

    internal static double LogFactorial(int n)
    {
        double sum = 0;
        for (int i = 2; i <= n; i++) sum += Math.Log(i);
        return sum;
    }

    private static void Validate(in TimedHistory history)
    {
        if (history.Frequency < 0 || !double.IsFinite(history.Age) || !double.IsFinite(history.Recency)
            || history.Recency < 0 || history.Recency > history.Age || !double.IsFinite(history.LogInterPurchaseSum)
            || (history.Frequency == 0 && history.Recency != 0))
        {
            throw new ArgumentException(FormattableString.Invariant(
                $"Invalid history: x = {history.Frequency}, t_x = {history.Recency}, T = {history.Age}, litt = {history.LogInterPurchaseSum} (need x ≥ 0, 0 ≤ t_x ≤ T, t_x = 0 when x = 0, finite values)."),
                nameof(history));
        }
    }
}
