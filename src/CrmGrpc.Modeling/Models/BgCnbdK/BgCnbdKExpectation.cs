using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.BgCnbdK;

/// <summary>
/// Expected purchases of a BG/CNBD-k customer known to be alive, by an exact series rather than BTYDplus' bias-corrected
/// BG/NBD approximation. Over a horizon t the k-phase Erlang clock completes M phases, M ~ NegBin(s, q = t/(β+t)) after
/// the gamma mixing of λ (shape s, rate β); with j phases of the next purchase already done, the purchases due are
/// ⌊(M+j)/k⌋, and the n-th of them happens if the customer survived the n−1 before it, which has probability
/// c_n = E[(1−p)^(n−1)] = B(a, β₀+n−1)/B(a, β₀) for p ~ Beta(a, β₀). So
/// E = Σ_i P(M = i) C(⌊(i+j)/k⌋) with C(N) = Σ_{n≤N} c_n.
/// The negative-binomial weights are walked outwards from their mode by their ratios (no large log-gammas, no underflow at
/// x in the thousands) and divided by their own sum; C follows by its recurrence.
/// </summary>
internal static class BgCnbdKExpectation
{
    /// <summary>Beyond this standard deviation of M the walk would take too long: the continuous form takes over (its error is O(1/M)).</summary>
    internal const double MaxExactSpread = 200_000;

    /// <summary>Up to this N, C(N) is summed term by term; beyond, the closed form is used.</summary>
    private const long DirectCumulativeLimit = 1_000_000;

    private const double NegligibleWeight = 1e-18;

    /// <param name="k">Erlang shape.</param>
    /// <param name="completedPhases">j: phases of the next inter-purchase time completed at the start.</param>
    /// <param name="shape">s: shape of λ's (posterior) gamma distribution.</param>
    /// <param name="rate">β: its rate.</param>
    /// <param name="horizon">t &gt; 0.</param>
    /// <param name="a">First shape of p's (posterior) beta distribution.</param>
    /// <param name="dropoutB">β₀: its second shape.</param>
    public static double ExpectedIfAlive(int k, int completedPhases, double shape, double rate, double horizon, double a, double dropoutB)
    {
        double q = horizon / (rate + horizon);
        double oneMinusQ = rate / (rate + horizon);
        double spread = Math.Sqrt(shape * q) / oneMinusQ;
        if (!(spread <= MaxExactSpread) || q >= 1) return Continuous(k, completedPhases, shape, rate, horizon, a, dropoutB);

        long mode = shape > 1 ? (long)Math.Floor((shape - 1) * (horizon / rate)) : 0;
        long startN = (mode + completedPhases) / k;
        double startC = Cumulative(startN, a, dropoutB, out double startNext);

        // Upwards from the mode (weight 1 there).
        double sumWeights = 0, sumWeighted = 0;
        double weight = 1, cumulative = startC, nextTerm = startNext;
        long n = startN;
        for (long i = mode; ; )
        {
            sumWeights += weight;
            sumWeighted += weight * cumulative;
            i++;
            if ((i + completedPhases) % k == 0)
            {
                cumulative += nextTerm;
                nextTerm *= (dropoutB + n) / (a + dropoutB + n);
                n++;
            }
            weight *= (shape + i - 1) / i * q;
            // Past the mode the weights fall geometrically (ratio → q) and C grows at most by one per purchase.
            if (weight == 0) break;
            // Before the first purchase is due (at most k steps) every weight counts, however small: E may be tiny.
            if (i + completedPhases >= k && weight <= NegligibleWeight * sumWeights
                && weight * (cumulative + 1) <= NegligibleWeight * sumWeighted) break;
        }

        // Downwards from the mode.
        weight = 1;
        cumulative = startC;
        double currentTerm = startNext; // c_{n+1}
        n = startN;
        for (long i = mode; i > 0; )
        {
            weight *= i / ((shape + i - 1) * q);
            i--;
            if ((i + 1 + completedPhases) % k == 0)
            {
                // ⌊(i+j)/k⌋ fell from n to n−1: C(n−1) = C(n) − c_n.
                currentTerm *= (a + dropoutB + n - 1) / (dropoutB + n - 1);
                n--;
                cumulative = n == 0 ? 0 : Math.Max(0, cumulative - currentTerm);
            }
            sumWeights += weight;
            sumWeighted += weight * cumulative;
            if (weight == 0 || weight <= NegligibleWeight * sumWeights) break;
        }
        return sumWeights > 0 ? sumWeighted / sumWeights : 0;
    }

    /// <summary>C(N) = Σ_{n=1..N} c_n and c_{N+1}, by the recurrence c_{n+1} = c_n (β₀+n−1)/(a+β₀+n−1) or, for large N, in closed form.</summary>
    internal static double Cumulative(long count, double a, double dropoutB, out double nextTerm)
    {
        if (count <= DirectCumulativeLimit)
        {
            double sum = 0, term = 1;
            for (long m = 1; m <= count; m++)
            {
                sum += term;
                term *= (dropoutB + m - 1) / (a + dropoutB + m - 1);
            }
            nextTerm = term;
            return sum;
        }
        nextTerm = NextTerm(count, a, dropoutB);
        return ClosedFormCumulative(count, a, dropoutB);
    }

    /// <summary>c_{N+1} = Γ(β₀+N) Γ(a+β₀) / (Γ(β₀) Γ(a+β₀+N)).</summary>
    private static double NextTerm(double count, double a, double dropoutB)
        => Math.Exp(SpecialFunctions.LogGammaDifference(dropoutB, count) - SpecialFunctions.LogGammaDifference(a + dropoutB, count));

    /// <summary>
    /// C(N) = [(a+β₀−1) − (a+β₀+N−1) c_{N+1}] / (a−1) for real N ≥ 0 (the finite-sum identity holds for every a ≠ 1). Near
    /// a = 1 the quotient cancels, so it is interpolated linearly between a = 1 ± 2e-3 (error ~1e-6 relative).
    /// </summary>
    internal static double ClosedFormCumulative(double count, double a, double dropoutB)
    {
        const double Gap = 2e-3;
        if (Math.Abs(a - 1) < Gap)
        {
            double below = ClosedFormCumulative(count, 1 - Gap, dropoutB);
            double above = ClosedFormCumulative(count, 1 + Gap, dropoutB);
            return below + (a - (1 - Gap)) / (2 * Gap) * (above - below);
        }
        double value = ((a + dropoutB - 1) - (a + dropoutB + count - 1) * NextTerm(count, a, dropoutB)) / (a - 1);
        return Math.Max(0, value);
    }

    /// <summary>
    /// For phase counts so large (standard deviation beyond <see cref="MaxExactSpread"/>) that walking them is too slow:
    /// M/t's gamma mixing integrated numerically against C at the mean purchases due, (M + j − (k−1)/2)/k. The
    /// discreteness this ignores is O(1/M) of the answer.
    /// </summary>
    private static double Continuous(int k, int completedPhases, double shape, double rate, double horizon, double a, double dropoutB)
    {
        double scale = horizon / rate; // Λ = λt ~ Gamma(shape, scale)
        double logNormaliser = SpecialFunctions.LogGamma(shape) + shape * Math.Log(scale);
        double mean = shape * scale, deviation = Math.Sqrt(shape) * scale;
        double Integrand(double phases)
        {
            if (!(phases > 0)) return 0;
            double due = (phases + completedPhases - 0.5 * (k - 1)) / k;
            if (!(due > 0)) return 0;
            double density = Math.Exp((shape - 1) * Math.Log(phases) - phases / scale - logNormaliser);
            return density == 0 ? 0 : density * ClosedFormCumulative(due, a, dropoutB);
        }
        double upper = mean + 60 * deviation;
        double middle = Math.Max(mean, deviation);
        double result = GaussKronrod.Integrate(Integrand, 0, Math.Min(middle, upper), 1e-10)
            + GaussKronrod.Integrate(Integrand, Math.Min(middle, upper), upper, 1e-10);
        return double.IsFinite(result) && result > 0 ? result : 0;
    }
}
