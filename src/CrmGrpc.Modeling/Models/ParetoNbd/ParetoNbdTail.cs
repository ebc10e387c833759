using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.ParetoNbd;

/// <summary>∂ ln G / ∂(r, α, s, β), where G's exponents move one for one with r (P) and s (Q).</summary>
internal struct TailGradient
{
    public double R;
    public double Alpha;
    public double S;
    public double Beta;
}

/// <summary>
/// G(t; P, Q) = ∫_t^∞ (α+y)^−P (β+y)^−Q dy, the one special function of the Pareto/NBD model, in log space.
/// Fader, Hardie &amp; Lee's (2005 note) likelihood is Γ(r+x)/Γ(r) α^r β^s times
/// <code>(α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^T (α+y)^−(r+x) (β+y)^−(s+1) dy</code>
/// and integrating the first part by parts turns it into a sum of two such tails, both positive:
/// <code>(r+x) G(T; r+x+1, s) + s G(t_x; r+x, s+1)</code>
/// so there is no difference of two ₂F₁ terms to cancel at t_x ≈ T and the log-likelihood is one log-sum-exp.
/// With the larger of α+t and β+t as the base, z = |α−β| / (max(α,β)+t) ∈ [0, 1) and m = P+Q−1,
/// <code>ln G = −P ln(α+t) − Q ln(β+t) + ln(min(α,β)+t) − ln m + ln ₂F₁(1, b; P+Q; z)</code>
/// with b = P when α ≥ β, else Q (the paper's ₂F₁(m, ·; m+1; z) after Euler's transformation): every term of that
/// series is positive and its term ratio (b+k)/(P+Q+k)·z stays below z, so it converges without cancellation, in a
/// handful of terms when α ≈ β and exactly 1 when α = β. Where z is close to 1 (one of α+t, β+t far below the other)
/// the defining integral is integrated numerically instead, in u = ln((min+y)/(min+t)).
/// </summary>
internal static class ParetoNbdTail
{
    /// <summary>Above this z the series would need more than ~4,000 terms: the integral is used instead.</summary>
    internal const double SeriesLimit = 0.99;

    private const double SeriesEpsilon = 1e-17;

    /// <summary>ln G(t; P, Q) with P = <paramref name="p"/>, Q = <paramref name="q"/>.</summary>
    public static double Log(double p, double q, double alpha, double beta, double t)
        => Log(p, q, alpha, beta, t, Math.Log(alpha + t), Math.Log(beta + t), false, out _);

    /// <summary>
    /// ln G(t; P, Q) and, when <paramref name="withGradient"/>, its derivatives. <paramref name="logAlphaT"/> and
    /// <paramref name="logBetaT"/> are ln(α+t) and ln(β+t), which callers share between histories.
    /// </summary>
    public static double Log(double p, double q, double alpha, double beta, double t, double logAlphaT, double logBetaT,
        bool withGradient, out TailGradient gradient)
    {
        bool alphaIsMax = alpha >= beta;
        double alphaT = alpha + t, betaT = beta + t;
        double maxT = alphaIsMax ? alphaT : betaT, minT = alphaIsMax ? betaT : alphaT;
        double z = Math.Abs(alpha - beta) / maxT;
        double m = p + q - 1;
        double head = -p * logAlphaT - q * logBetaT + (alphaIsMax ? logBetaT : logAlphaT);
        if (z > SeriesLimit) return Integral(p, q, alphaIsMax, alphaT, betaT, minT / maxT, z, head, logAlphaT, logBetaT, withGradient, out gradient);

        double b = alphaIsMax ? p : q, c = p + q;
        // H = Σ h_k with h_{k+1} = h_k (b+k)/(c+k) z, and ∂H/∂b, ∂H/∂c, ∂H/∂z summed alongside.
        double h = 1, sum = 1, sumB = 0, sumC = 0, sumZ = 0, logDerivativeB = 0, logDerivativeC = 0;
        // At z = 0 one pass leaves H = 1 and ∂H/∂z = b/c, the derivative the α = β point needs.
        double tailFactor = 1 / ((1 - z) * (1 - z));
        for (int k = 0; ; k++)
        {
            double inverseB = 1 / (b + k), inverseC = 1 / (c + k);
            double coefficient = (b + k) * inverseC;
            sumZ += (k + 1) * h * coefficient;
            h *= coefficient * z;
            sum += h;
            if (withGradient)
            {
                logDerivativeB += inverseB;
                logDerivativeC -= inverseC;
                sumB += h * logDerivativeB;
                sumC += h * logDerivativeC;
            }
            // The ratios rise towards z, so the tails of H and of Σ k h_k are below these bounds.
            if (h * (k + 2) * tailFactor <= SeriesEpsilon * sum) break;
        }
        double value = head - Math.Log(m) + Math.Log(sum);
        gradient = default;
        if (!withGradient) return value;

        double inverseSum = 1 / sum;
        double dHdR = (alphaIsMax ? sumB : 0) + sumC, dHdS = (alphaIsMax ? 0 : sumB) + sumC;
        double dZdAlpha = alphaIsMax ? minT / (maxT * maxT) : -1 / maxT;
        double dZdBeta = alphaIsMax ? -1 / maxT : minT / (maxT * maxT);
        double inverseM = 1 / m;
        gradient.R = -logAlphaT - inverseM + dHdR * inverseSum;
        gradient.S = -logBetaT - inverseM + dHdS * inverseSum;
        gradient.Alpha = (alphaIsMax ? -p : 1 - p) / alphaT + sumZ * inverseSum * dZdAlpha;
        gradient.Beta = (alphaIsMax ? 1 - q : -q) / betaT + sumZ * inverseSum * dZdBeta;
        return value;
    }

    /// <summary>
    /// G by quadrature where z is near 1. With y + min = (min+t) e^u the integrand is f(t) · g(u) du,
    /// g(u) = e^{u(1−e_min)} (1 + w(e^u − 1))^{−e_max}, w = (min+t)/(max+t), e_min and e_max the exponents of the smaller
    /// and larger base: it rises or falls gently until w e^u ~ 1 and decays like e^{−m u} after, a tail mapped onto
    /// (0, 1] by v = e^{−m(u−U)}. The derivatives are moments of the same integrand.
    /// </summary>
    private static double Integral(double p, double q, bool alphaIsMax, double alphaT, double betaT, double w, double z,
        double head, double logAlphaT, double logBetaT, bool withGradient, out TailGradient gradient)
    {
        double exponentMin = alphaIsMax ? q : p, exponentMax = alphaIsMax ? p : q;
        double m = p + q - 1;
        double logW = Math.Log(w), logZ = Math.Log(z);
        // ln((max+y)/(max+t)) = ln(w e^u + z): the log-sum-exp keeps it finite for every u.
        double LogMaxRatio(double u)
        {
            double a = u + logW;
            return Math.Max(a, logZ) + SpecialFunctions.Log1P(Math.Exp(-Math.Abs(a - logZ)));
        }
        double LogG(double u) => u * (1 - exponentMin) - exponentMax * LogMaxRatio(u);
        double split = -logW + 2; // past this the max base has caught up and the integrand decays like e^{−m u}
        double logAtSplit = LogG(split);

        // ∫ g(u) φ(u) du over [0, split] plus the mapped tail; φ is 1 or a moment's factor.
        double Moment(Func<double, double> factor)
        {
            double body = GaussKronrod.Integrate(u => Math.Exp(LogG(u) - logAtSplit) * factor(u), 0, split);
            double tail = GaussKronrod.Integrate(v =>
            {
                double u = split - Math.Log(v) / m;
                return Math.Exp(LogG(u) - logAtSplit + m * (u - split)) * factor(u);
            }, 0, 1) / m;
            return body + tail;
        }

        double integral = Moment(_ => 1);
        double value = head + logAtSplit + Math.Log(integral);
        gradient = default;
        if (!withGradient) return value;

        // ln((α+y)/(α+t)) and (α+t)/(α+y) in u, likewise for β; the smaller base's ratio is e^u.
        double LogRatioAlpha(double u) => alphaIsMax ? LogMaxRatio(u) : u;
        double LogRatioBeta(double u) => alphaIsMax ? u : LogMaxRatio(u);
        double inverse = 1 / integral;
        gradient.R = -logAlphaT - Moment(LogRatioAlpha) * inverse;
        gradient.S = -logBetaT - Moment(LogRatioBeta) * inverse;
        gradient.Alpha = -p / alphaT * Moment(u => Math.Exp(-LogRatioAlpha(u))) * inverse;
        gradient.Beta = -q / betaT * Moment(u => Math.Exp(-LogRatioBeta(u))) * inverse;
        return value;
    }
}
