using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.Sbg;

/// <summary>
/// Parameters of the shifted-beta-geometric model (Fader &amp; Hardie 2007, "How to project customer retention"): at the
/// end of each period an active customer churns with probability θ ~ Beta(α, β), so the churn period T ≥ 1 is
/// geometric given θ. Periods are those of the fit's time unit; period 0 is the acquisition period.
/// </summary>
public sealed record SbgParameters
{
    /// <summary>Survival up to this many periods is a sum of log1p terms; longer in closed form with log-gamma differences.</summary>
    private const int DirectSumLimit = 64;

    /// <summary>Creates a parameter set; both parameters must be positive and finite.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not positive and finite.</exception>
    public SbgParameters(double alpha, double beta)
    {
        Alpha = double.IsFinite(alpha) && alpha > 0 ? alpha : throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Must be positive and finite.");
        Beta = double.IsFinite(beta) && beta > 0 ? beta : throw new ArgumentOutOfRangeException(nameof(beta), beta, "Must be positive and finite.");
    }

    /// <summary>First shape α of the Beta distribution of churn probabilities.</summary>
    public double Alpha { get; }

    /// <summary>Second shape β of the Beta distribution of churn probabilities.</summary>
    public double Beta { get; }

    /// <summary>ln S(t) = ln B(α, β+t) − ln B(α, β) = Σ_{i&lt;t} ln(1 − α/(α+β+i)).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative number of periods.</exception>
    public double LogSurvival(long periods)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(periods);
        if (periods <= DirectSumLimit)
        {
            double sum = 0;
            for (int i = 0; i < periods; i++) sum += LogRetention(i);
            return sum;
        }
        return SpecialFunctions.LogGammaDifference(Beta, periods) - SpecialFunctions.LogGammaDifference(Alpha + Beta, periods);
    }

    /// <summary>ln((β+i)/(α+β+i)): as log1p(−α/(α+β+i)) while that is accurate, as a difference of logs when α dominates.</summary>
    private double LogRetention(int i)
    {
        double total = Alpha + Beta + i;
        double churn = Alpha / total;
        return churn < 0.5 ? SpecialFunctions.Log1P(-churn) : Math.Log((Beta + i) / total);
    }

    /// <summary>S(t) = P(T &gt; t) = B(α, β+t)/B(α, β): the share of a cohort still active at the start of period t (S(0) = 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative number of periods.</exception>
    public double Survival(long periods) => Math.Exp(LogSurvival(periods));

    /// <summary>r(t) = S(t)/S(t−1) = (β+t−1)/(α+β+t−1) for t ≥ 1 (FH 2007 eq. 6).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="periods"/> below 1.</exception>
    public double RetentionRate(long periods)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 1);
        return (Beta + (periods - 1)) / (Alpha + Beta + (periods - 1));
    }

    /// <summary>P(T = t) = S(t−1) · α/(α+β+t−1) = B(α+1, β+t−1)/B(α, β) for t ≥ 1 (FH 2007 eq. 4).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="periods"/> below 1.</exception>
    public double ChurnProbability(long periods)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 1);
        return Math.Exp(LogSurvival(periods - 1) + Math.Log(Alpha / (Alpha + Beta + (periods - 1))));
    }

    /// <summary>
    /// DERL (Fader &amp; Hardie 2010, "Customer-base valuation in a contractual setting", eq. 6) of a customer who has made
    /// <paramref name="renewals"/> renewals (active at the start of period <paramref name="renewals"/>), just before the next
    /// renewal decision: Σ_{t&gt;m} S(t)/S(m) (1+d)^{−(t−m−1)} = (β+m)/(α+β+m) · ₂F₁(1, β+m+1; α+β+m+1; 1/(1+d)) periods,
    /// the next renewal undiscounted. With d = 0 it is the expected number of further renewals, (β+m)/(α−1), finite only
    /// when α &gt; 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative renewals, or a negative or non-finite discount rate (or one below ~4e-6
    /// with a huge α + β + m, where neither form of ₂F₁ converges).</exception>
    /// <exception cref="ArgumentException">d = 0 (or so small that 1/(1+d) rounds to 1) with α ≤ 1: the undiscounted
    /// remaining lifetime is unbounded; use a positive discount rate.</exception>
    public double DiscountedExpectedResidualLifetime(long renewals, double discountRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(renewals);
        if (!double.IsFinite(discountRate) || discountRate < 0)
            throw new ArgumentOutOfRangeException(nameof(discountRate), discountRate, "The discount rate must be finite and non-negative.");
        double m = renewals;
        double z = 1 / (1 + discountRate);
        if (z >= 1)
        {
            if (Alpha <= 1)
            {
                throw new ArgumentException(FormattableString.Invariant(
                    $"With α = {Alpha:G4} ≤ 1 the undiscounted expected remaining lifetime is unbounded (S(t) falls too slowly to sum); use a positive discount rate."), nameof(discountRate));
            }
            return (Beta + m) / (Alpha - 1);
        }
        double first = (Beta + m) / (Alpha + Beta + m);
        double hypergeometric = Hypergeometric.Gauss2F1(1, Beta + m + 1, Alpha + Beta + m + 1, z);
        // The continuation of ₂F₁ past z = ½ integrates its differential equation, which is stiff when c = α+β+m+1 is
        // huge; there the series, whose term ratios rise monotonically towards z, is summed instead.
        return first * (double.IsFinite(hypergeometric) ? hypergeometric : SeriesWithUnitFirstParameter(Beta + m + 1, Alpha + Beta + m + 1, z, discountRate));
    }

    /// <summary>₂F₁(1, b; c; z) = Σ_k Π_{i&lt;k} (b+i)/(c+i) z^k for 0 &lt; b &lt; c, 0 &lt; z &lt; 1, to a tail bound of 1e-17.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The series needs more than 10⁷ terms (a discount rate below ~4e-6).</exception>
    private static double SeriesWithUnitFirstParameter(double b, double c, double z, double discountRate)
    {
        double term = 1, sum = 1;
        for (int k = 0; k < 10_000_000; k++)
        {
            term *= (b + k) / (c + k) * z;
            sum += term;
            // Every later ratio is below z, so the tail is below term · z/(1−z).
            if (term * z / (1 - z) <= 1e-17 * sum) return sum;
        }
        throw new ArgumentOutOfRangeException(nameof(discountRate), discountRate, "The discount rate is too small to sum the expected lifetime for these parameters; use a larger one.");
    }

    /// <summary>
    /// ln L of one cohort (FH 2007 eq. 7): Σ_{t=1}^{K} (n_{t−1} − n_t) ln P(T = t) + n_K ln S(K), with n_t the customers
    /// active at the start of period t and K the last period observed.
    /// </summary>
    /// <exception cref="ArgumentException">Counts that are negative or increasing.</exception>
    public double LogLikelihood(ReadOnlySpan<long> aliveAtPeriodStart)
    {
        SbgModel.ValidateCounts(aliveAtPeriodStart, nameof(aliveAtPeriodStart));
        double sum = 0;
        for (int t = 1; t < aliveAtPeriodStart.Length; t++)
        {
            long lost = aliveAtPeriodStart[t - 1] - aliveAtPeriodStart[t];
            if (lost > 0) sum += lost * Math.Log(ChurnProbability(t));
        }
        long survivors = aliveAtPeriodStart[^1];
        int last = aliveAtPeriodStart.Length - 1;
        return survivors > 0 ? sum + survivors * LogSurvival(last) : sum;
    }
}

/// <summary>Asymptotic standard errors of an sBG fit.</summary>
public sealed record SbgStandardErrors(double Alpha, double Beta);
