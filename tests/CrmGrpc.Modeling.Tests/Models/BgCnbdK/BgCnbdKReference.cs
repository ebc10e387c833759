using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.BgCnbdK;
using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Tests.Models.BgCnbdK;

/// <summary>
/// Brute-force BG/CNBD-k references straight from the model's story, integrating over the purchase rate λ numerically
/// (adaptive Gauss–Kronrod in ln λ) instead of using the gamma mixing in closed form:
/// L = ∫ Gamma(λ; r, α) λ^(kx) e^(−λ t_x) e^((k−1) litt) / ((k−1)!)^x [E(1−p)^x · Surv_k(λ(T−t_x)) + 1{x&gt;0} E p(1−p)^(x−1)] dλ,
/// and for the expectation, given λ and alive with j of the k phases done (weight e^(−λu)(λu)^j/j!), Σ_n c_n P(Poisson(λt) ≥ nk−j)
/// with c_n = E[(1−p)^(n−1) | alive], the Poisson tails summed term by term.
/// </summary>
internal static class BgCnbdKReference
{
    public static double LogLikelihood(BgCnbdKParameters p, TimedHistory h) => Integrals(p, h, 0).LogTotal;

    public static double ProbabilityAlive(BgCnbdKParameters p, TimedHistory h)
    {
        var result = Integrals(p, h, 0);
        return Math.Exp(result.LogAlive - result.LogTotal);
    }

    public static double ConditionalExpected(BgCnbdKParameters p, TimedHistory h, double horizon)
    {
        var result = Integrals(p, h, horizon);
        return Math.Exp(result.LogExpected - result.LogTotal);
    }

    /// <summary>E[X(t)] of a new customer: the alive branch of x = 0, T = 0 with the horizon t.</summary>
    public static double Unconditional(BgCnbdKParameters p, double t) => ConditionalExpected(p, new TimedHistory(0, 0, 0, 0), t);

    private readonly record struct Result(double LogTotal, double LogAlive, double LogExpected);

    private static Result Integrals(BgCnbdKParameters p, TimedHistory h, double horizon)
    {
        int k = p.K, x = h.Frequency;
        double gap = h.Age - h.Recency;
        double logFactorial = 0;
        for (int i = 2; i < k; i++) logFactorial += Math.Log(i);
        double logAliveBeta = SpecialFunctions.LogBeta(p.A, p.B + x) - SpecialFunctions.LogBeta(p.A, p.B);
        double logDroppedBeta = x > 0 ? SpecialFunctions.LogBeta(p.A + 1, p.B + x - 1) - SpecialFunctions.LogBeta(p.A, p.B) : double.NegativeInfinity;
        double constant = p.R * Math.Log(p.Alpha) - SpecialFunctions.LogGamma(p.R) + (k - 1) * h.LogInterPurchaseSum - x * logFactorial;

        // ln of λ^(r+kx) e^(−λ(α+t_x)) (the dλ = λ dv Jacobian included) at v = ln λ.
        double shape = p.R + (double)k * x;
        double Base(double v) => shape * v - Math.Exp(v) * (p.Alpha + h.Recency);
        // The alive branch peaks near ln(s/(α+T)), the dropped one at ln(s/(α+t_x)); the range covers both, the shift is the larger peak.
        double center = Math.Log(shape / (p.Alpha + h.Age)), peak = Math.Log(shape / (p.Alpha + h.Recency));
        double shift = Base(peak);
        double lower = center - 60 / shape - 60 / Math.Sqrt(shape), upper = peak + Math.Log(1 + 80 / shape + 20 / Math.Sqrt(shape)) + 1;

        double SurvivalSum(double lambda) // Σ_{j<k} e^(−λu)(λu)^j/j!
        {
            double term = Math.Exp(-lambda * gap), sum = term;
            for (int j = 1; j < k; j++)
            {
                term *= lambda * gap / j;
                sum += term;
            }
            return sum;
        }

        double Alive(double v) => Math.Exp(Base(v) - shift + logAliveBeta) * SurvivalSum(Math.Exp(v));
        double Dropped(double v) => x > 0 ? Math.Exp(Base(v) - shift + logDroppedBeta) : 0;
        double Expected(double v)
        {
            double lambda = Math.Exp(v);
            double sum = 0, phaseWeight = Math.Exp(-lambda * gap);
            for (int j = 0; j < k; j++)
            {
                if (j > 0) phaseWeight *= lambda * gap / j;
                sum += phaseWeight * PoissonPurchases(lambda * horizon, k, j, p.A, p.B + x);
            }
            return Math.Exp(Base(v) - shift + logAliveBeta) * sum;
        }

        double Integrate(Func<double, double> f) => GaussKronrod.Integrate(f, lower, center, 1e-12) + GaussKronrod.Integrate(f, center, upper, 1e-12);
        double alive = Integrate(Alive), dropped = Integrate(Dropped);
        double expected = horizon > 0 ? Integrate(Expected) : 0;
        double offset = constant + shift;
        return new Result(offset + Math.Log(alive + dropped), offset + Math.Log(alive), offset + Math.Log(expected));
    }

    /// <summary>
    /// Σ_{n≥1} c_n P(Poisson(μ) ≥ nk − j), c_n = B(a, β₀+n−1)/B(a, β₀). The pmf over μ ± 40√μ (+ 60) comes from its log at
    /// the lower end by the ratio μ/i; below that window the tail is 1 to double precision, and the tails inside are summed
    /// from the far end so small ones keep their digits.
    /// </summary>
    private static double PoissonPurchases(double mean, int k, int done, double a, double dropoutB)
    {
        if (mean <= 0) return 0;
        int low = (int)Math.Max(0, mean - 40 * Math.Sqrt(mean) - 60);
        int high = (int)(mean + 40 * Math.Sqrt(mean) + 200);
        var pmf = new double[high - low + 1];
        double log = -mean + low * Math.Log(mean) - SpecialFunctions.LogGamma(low + 1);
        for (int i = low; i <= high; i++)
        {
            if (i > low) log += Math.Log(mean / i);
            pmf[i - low] = Math.Exp(log);
        }
        var tail = new double[pmf.Length + 1];
        for (int i = pmf.Length - 1; i >= 0; i--) tail[i] = tail[i + 1] + pmf[i];
        double sum = 0, c = 1;
        for (int n = 1; ; n++)
        {
            int needed = n * k - done;
            if (needed > high) break;
            sum += c * (needed <= low ? 1.0 : tail[needed - low]);
            c *= (dropoutB + n - 1) / (a + dropoutB + n - 1);
        }
        return sum;
    }
}
