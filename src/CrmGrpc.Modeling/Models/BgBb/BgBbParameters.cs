using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.BgBb;

/// <summary>
/// Parameters of the beta-geometric/beta-Bernoulli model (Fader, Hardie &amp; Shang 2010, "Customer-base analysis in a
/// discrete-time noncontractual setting"): at each transaction opportunity a customer alive there buys with probability
/// p ~ Beta(α, β); before each opportunity after the first an alive customer drops out for good with probability
/// θ ~ Beta(γ, δ). A history is (x, t_x, n) in whole opportunities (periods): x purchases among opportunities 1…n, the
/// last at t_x. Predictions match lifetimes' <c>BetaGeoBetaBinomFitter</c>.
/// </summary>
public sealed record BgBbParameters
{
    /// <summary>Horizons up to this many periods are summed term by term; longer ones in closed form.</summary>
    private const int DirectSumLimit = 64;

    /// <summary>Creates a parameter set; every parameter must be positive and finite.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not positive and finite.</exception>
    public BgBbParameters(double alpha, double beta, double gamma, double delta)
    {
        Alpha = RequirePositive(alpha, nameof(alpha));
        Beta = RequirePositive(beta, nameof(beta));
        Gamma = RequirePositive(gamma, nameof(gamma));
        Delta = RequirePositive(delta, nameof(delta));
    }

    /// <summary>First shape α of the Beta distribution of purchase probabilities.</summary>
    public double Alpha { get; }

    /// <summary>Second shape β of the Beta distribution of purchase probabilities.</summary>
    public double Beta { get; }

    /// <summary>First shape γ of the Beta distribution of dropout probabilities.</summary>
    public double Gamma { get; }

    /// <summary>Second shape δ of the Beta distribution of dropout probabilities.</summary>
    public double Delta { get; }

    /// <summary>
    /// ln L(α, β, γ, δ | x, t_x, n) of FHS 2010 eq. 5: ln of
    /// B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ),
    /// the first term for a customer still alive at n, the others for one who dropped out before opportunity t_x+i+1.
    /// The sum is taken as its first term times 1 + ρ(1 + ρ(…)) with the rational ratios ρ of consecutive terms, and
    /// the two parts are combined by log-sum-exp, so nothing overflows or underflows.
    /// </summary>
    /// <exception cref="ArgumentException">Not a history (see <see cref="ValidateHistory"/>).</exception>
    public double LogLikelihood(int frequency, int recency, int periods)
    {
        ValidateHistory(frequency, recency, periods);
        return LogLikelihoodAndAliveLog(frequency, recency, periods, out _);
    }

    /// <summary>
    /// P(alive at opportunity n | x, t_x, n) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) / L (lifetimes'
    /// <c>conditional_probability_alive</c> with no periods ahead); FHS 2010's P(alive at n+1) is this times (δ+n)/(γ+δ+n).
    /// </summary>
    /// <exception cref="ArgumentException">Not a history.</exception>
    public double ProbabilityAlive(int frequency, int recency, int periods)
    {
        ValidateHistory(frequency, recency, periods);
        double logLikelihood = LogLikelihoodAndAliveLog(frequency, recency, periods, out double logAlive);
        return Math.Min(1, Math.Exp(logAlive - logLikelihood));
    }

    /// <summary>
    /// E[X(n, n+n*) | x, t_x, n]: expected transactions in the next <paramref name="horizon"/> opportunities (FHS 2010
    /// eq. 13), as P(alive at n | history) · E[p | history] · Σ_{k=1}^{n*} E[(1−θ)^k | alive at n], where p | history is
    /// Beta(α+x, β+n−x) and θ | alive at n is Beta(γ, δ+n). The sum replaces eq. 13's δ/(γ−1) form, which is 0/0 at γ = 1.
    /// </summary>
    /// <exception cref="ArgumentException">Not a history, or a negative horizon.</exception>
    public double ConditionalExpectedPurchases(long horizon, int frequency, int recency, int periods)
    {
        ValidateHistory(frequency, recency, periods);
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        if (horizon == 0) return 0;
        double alive = ProbabilityAlive(frequency, recency, periods);
        double purchaseProbability = (Alpha + frequency) / (Alpha + Beta + periods);
        return alive * purchaseProbability * ExpectedAliveOpportunities(Delta + periods, Gamma, horizon);
    }

    /// <summary>
    /// <see cref="ConditionalExpectedPurchases(long, int, int, int)"/> for each horizon (0 for 0), with P(alive) and E[p]
    /// taken once: a predictive CLV asks for one horizon per month, and P(alive) costs O(n − t_x).
    /// </summary>
    /// <exception cref="ArgumentException">Not a history, a negative horizon, or fewer destinations than horizons.</exception>
    public void ConditionalExpectedPurchases(ReadOnlySpan<long> horizons, int frequency, int recency, int periods, Span<double> destination)
    {
        ValidateHistory(frequency, recency, periods);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, horizons.Length);
        double alive = ProbabilityAlive(frequency, recency, periods);
        double purchaseProbability = (Alpha + frequency) / (Alpha + Beta + periods);
        var opportunities = new AliveOpportunities(Delta + periods, Gamma);
        for (int i = 0; i < horizons.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(horizons[i]);
            destination[i] = horizons[i] == 0 ? 0 : alive * purchaseProbability * opportunities.Sum(horizons[i]);
        }
    }

    /// <summary>
    /// E[X(n)] = α/(α+β) · Σ_{k=1}^{n} E[(1−θ)^k]: expected transactions of a new customer in its first n opportunities
    /// after the first (FHS 2010 eq. 8, without its 0/0 at γ = 1).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative number of periods.</exception>
    public double ExpectedPurchases(long periods)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(periods);
        return Alpha / (Alpha + Beta) * ExpectedAliveOpportunities(Delta, Gamma, periods);
    }

    /// <summary>Throws unless 0 ≤ x ≤ t_x ≤ n, with t_x = 0 exactly when x = 0.</summary>
    /// <exception cref="ArgumentException">Not a history.</exception>
    public static void ValidateHistory(int frequency, int recency, int periods)
    {
        if (frequency < 0 || recency < 0 || periods < 0)
            throw new ArgumentException($"x, t_x and n must be non-negative (got {frequency}, {recency}, {periods}).", nameof(frequency));
        if (recency > periods)
            throw new ArgumentException($"t_x ({recency}) must not exceed n ({periods}).", nameof(recency));
        if (frequency > recency || (frequency == 0) != (recency == 0))
            throw new ArgumentException($"x purchases in opportunities 1…t_x need x ≤ t_x, and t_x = 0 exactly when x = 0 (got x {frequency}, t_x {recency}).", nameof(frequency));
    }

    /// <summary>ln L and ln of its alive-at-n part, for a validated history.</summary>
    private double LogLikelihoodAndAliveLog(int x, int tx, int n, out double logAlive)
    {
        double alpha = Alpha, beta = Beta, gamma = Gamma, delta = Delta;
        double purchaseLog = SpecialFunctions.LogGammaRatio(alpha, x);
        logAlive = purchaseLog + SpecialFunctions.LogGammaRatio(beta, n - x) - SpecialFunctions.LogGammaRatio(alpha + beta, n)
            + SpecialFunctions.LogGammaRatio(delta, n) - SpecialFunctions.LogGammaRatio(gamma + delta, n);
        if (tx == n) return logAlive;

        // Dropout terms j = t_x … n−1: term(j) ∝ B(α+x, β+j−x) B(γ+1, δ+j); ratio(j) = term(j+1)/term(j).
        double relative = 1;
        for (int j = n - 2; j >= tx; j--)
        {
            double ratio = (beta + (j - x)) / (alpha + beta + j) * ((delta + j) / (gamma + delta + 1 + j));
            relative = 1 + ratio * relative;
        }
        double firstDropoutLog = purchaseLog + SpecialFunctions.LogGammaRatio(beta, tx - x) - SpecialFunctions.LogGammaRatio(alpha + beta, tx)
            + Math.Log(gamma) + SpecialFunctions.LogGammaRatio(delta, tx) - SpecialFunctions.LogGammaRatio(gamma + delta, tx + 1);
        return LogAddExp(logAlive, firstDropoutLog + Math.Log(relative));
    }

    /// <summary>
    /// Σ_{k=1}^{K} Π_{i&lt;k} (a+i)/(a+γ+i) = Σ_{k=1}^{K} E[(1−θ)^k] for θ ~ Beta(γ, a): term by term up to
    /// <see cref="DirectSumLimit"/>, else shifted to a ≥ 1 and in the closed form a (1 − e^{−εΔ})/ε with ε = γ−1 and
    /// Δ = [ln Γ(a+1+K+ε) − ln Γ(a+1+K) − ln Γ(a+1+ε) + ln Γ(a+1)]/ε, the mean of ψ(a+1+K+s) − ψ(a+1+s) over s in [0, ε]:
    /// for |ε| &lt; ½ that mean comes from an 8-point Gauss–Legendre rule (the integrand is analytic there), so γ = 1,
    /// where the closed form is 0/0, needs no special case.
    /// </summary>
    internal static double ExpectedAliveOpportunities(double a, double gamma, long horizon) => new AliveOpportunities(a, gamma).Sum(horizon);

    /// <summary>
    /// <see cref="ExpectedAliveOpportunities"/> for one (a, γ) at several horizons. Where the closed form cancels and the
    /// product's logs are summed term by term, a later (longer) horizon goes on from the terms summed for the one before,
    /// in the same order, so a month-by-month series costs O(longest horizon), not O(months × horizon).
    /// </summary>
    private struct AliveOpportunities
    {
        private readonly double _a, _gamma, _shiftedA, _epsilon, _factor, _offset;
        private readonly long _shifts;
        private long _summedTerms;
        private double _summedLog;

        public AliveOpportunities(double a, double gamma)
        {
            (_a, _gamma) = (a, gamma);
            // Σ_{k=1}^{K} over a equals q(1 + Σ_{k=1}^{K−1} over a+1), q = a/(a+γ): shift until a ≥ 1 (keeps a+γ−1 > 0 below).
            double factor = 1, offset = 0;
            long shifts = 0;
            while (a < 1)
            {
                double ratio = a / (a + gamma);
                offset += factor * ratio;
                factor *= ratio;
                a += 1;
                shifts++;
            }
            (_shiftedA, _epsilon, _factor, _offset, _shifts) = (a, gamma - 1, factor, offset, shifts);
        }

        public double Sum(long horizon)
        {
            if (horizon <= DirectSumLimit)
            {
                double sum = 0, product = 1;
                for (int i = 0; i < horizon; i++)
                {
                    product *= (_a + i) / (_a + _gamma + i);
                    sum += product;
                }
                return sum;
            }

            double a = _shiftedA, epsilon = _epsilon;
            long remaining = horizon - _shifts;
            double k = remaining;
            if (Math.Abs(epsilon) < 0.5)
            {
                double meanDigammaGap = 0;
                for (int i = 0; i < GaussLegendreNodes.Length; i++)
                {
                    double s = 0.5 * epsilon * (1 + GaussLegendreNodes[i]);
                    meanDigammaGap += 0.5 * GaussLegendreWeights[i] * SpecialFunctions.DigammaDifference(a + 1 + s, k);
                }
                // (1 − e^{−εΔ})/ε = Δ · (e^z − 1)/z with z = −εΔ.
                double exponent = -epsilon * meanDigammaGap;
                double expm1OverZ = exponent == 0 ? 1 : SpecialFunctions.ExpM1(exponent) / exponent;
                return _offset + _factor * a * meanDigammaGap * expm1OverZ;
            }

            // L = ln Π_{i<K} (a+1+i)/(a+γ+i) = −εΔ. The log-gamma form cancels when K ≪ a (both shifts are ≈ ε ln a and
            // differ by ≈ εK/a): then the product's logs are summed directly, O(K) but only for K below ~a ln a / 500.
            double shiftAtStart = LogGammaShift(a + 1, epsilon), shiftAtEnd = LogGammaShift(a + 1 + k, epsilon);
            double logRatio = -(shiftAtEnd - shiftAtStart);
            if (Math.Abs(shiftAtEnd - shiftAtStart) < 1e-3 * (Math.Abs(shiftAtStart) + Math.Abs(shiftAtEnd)))
            {
                logRatio = SummedLog(remaining);
            }
            return _offset + _factor * a * -SpecialFunctions.ExpM1(logRatio) / epsilon;
        }

        /// <summary>Σ_{i&lt;K} ln(1 − ε/(a+γ+i)), going on from the terms already summed when K is not shorter.</summary>
        private double SummedLog(long terms)
        {
            if (terms < _summedTerms)
            {
                (_summedTerms, _summedLog) = (0, 0);
            }

            double a = _shiftedA, gamma = _gamma, epsilon = _epsilon;
            // Once a term is ln 0 the product is 0 and stays 0: later terms cannot change it (and each ln 0 is slow).
            for (long i = _summedTerms; i < terms && !double.IsNegativeInfinity(_summedLog); i++)
            {
                _summedLog += SpecialFunctions.Log1P(-epsilon / (a + gamma + i));
            }
            _summedTerms = terms;
            return _summedLog;
        }
    }

    /// <summary>ln Γ(v+ε) − ln Γ(v) for v &gt; 0, v+ε &gt; 0.</summary>
    private static double LogGammaShift(double v, double epsilon)
        => epsilon >= 0 ? SpecialFunctions.LogGammaDifference(v, epsilon) : -SpecialFunctions.LogGammaDifference(v + epsilon, -epsilon);

    // 8-point Gauss–Legendre rule on [−1, 1].
    private static readonly double[] GaussLegendreNodes =
    [
        -0.9602898564975363, -0.7966664774136267, -0.5255324099163290, -0.1834346424956498,
        0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363,
    ];

    private static readonly double[] GaussLegendreWeights =
    [
        0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620,
        0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763,
    ];

    internal static double LogAddExp(double a, double b)
    {
        double max = Math.Max(a, b);
        return max + SpecialFunctions.Log1P(Math.Exp(Math.Min(a, b) - max));
    }

    private static double RequirePositive(double value, string name)
        => double.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "Must be positive and finite.");
}

/// <summary>Asymptotic standard errors of a BG/BB fit.</summary>
public sealed record BgBbStandardErrors(double Alpha, double Beta, double Gamma, double Delta);
