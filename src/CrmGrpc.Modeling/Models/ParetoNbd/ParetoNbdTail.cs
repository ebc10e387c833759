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

    /// <summary>Far more than z ≤ <see cref="SeriesLimit"/> needs (~4,000): only a guard against a loop that cannot end.</summary>
    private const int MaxSeriesTerms = 1_000_000;

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
        for (int k = 0; k < MaxSeriesTerms; k++)
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
    /// (0, 1] by v = e^{−m(u−U)}. The derivatives are moments of the same integrand, integrated in the same pass.
    /// </summary>
    private static double Integral(double p, double q, bool alphaIsMax, double alphaT, double betaT, double w, double z,
        double head, double logAlphaT, double logBetaT, bool withGradient, out TailGradient gradient)
    {
        var integrand = new MomentIntegrand(alphaIsMax ? q : p, alphaIsMax ? p : q, p + q - 1, Math.Log(w), Math.Log(z), alphaIsMax);
        int components = withGradient ? Moments : 1;
        Span<double> body = stackalloc double[Moments];
        Span<double> tail = stackalloc double[Moments];
        integrand.Integrate(false, integrand.From, integrand.Split, components, body);
        if (integrand.TailNeeded) integrand.Integrate(true, 0, 1, components, tail);
        double integral = body[0] + tail[0];
        double value = head + integrand.LogAtSplit + Math.Log(integral);
        gradient = default;
        if (!withGradient) return value;

        double inverse = 1 / integral;
        gradient.R = -logAlphaT - (body[1] + tail[1]) * inverse;
        gradient.S = -logBetaT - (body[2] + tail[2]) * inverse;
        gradient.Alpha = -p / alphaT * (body[3] + tail[3]) * inverse;
        gradient.Beta = -q / betaT * (body[4] + tail[4]) * inverse;
        return value;
    }

    /// <summary>g and its four moments: g, g ln((α+y)/(α+t)), g ln((β+y)/(β+t)), g (α+t)/(α+y), g (β+t)/(β+y).</summary>
    private const int Moments = 5;

    private static readonly double[] KronrodNodes =
    [
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
        0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0,
    ];

    private static readonly double[] KronrodWeights =
    [
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
        0.140653259715525918745189590510238, 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    ];

    private static readonly double[] GaussWeights =
    [
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
    ];

    /// <summary>
    /// The integrand of <see cref="Integral"/> with its moments, and an adaptive Gauss–Kronrod (7, 15) rule that
    /// integrates them together (the moments share every evaluation of g), bisecting on the error of g alone.
    /// </summary>
    private sealed class MomentIntegrand
    {
        private const double RelativeTolerance = 1e-13;
        private const int MaxDepth = 40;

        /// <summary>15-point rules per integral: bounds the cost when the tolerance is out of reach (accepted as it is then).</summary>
        private const int RuleBudget = 2000;

        private int _budget;

        private readonly double exponentMin, exponentMax, m, logW, logZ;
        private readonly bool alphaIsMax;

        public MomentIntegrand(double exponentMin, double exponentMax, double m, double logW, double logZ, bool alphaIsMax)
        {
            this.exponentMin = exponentMin;
            this.exponentMax = exponentMax;
            this.m = m;
            this.logW = logW;
            this.logZ = logZ;
            this.alphaIsMax = alphaIsMax;
            // ln g is concave in u (a line minus e_max times a log-sum-exp), so g is one bump: it peaks where its slope
            // (1 − e_min) − e_max σ(u), σ = w e^u / (w e^u + z), crosses zero, and falls at least exponentially on both
            // sides. The body is integrated only from the peak's −60 nat point on and up to 60 nats past the peak
            // (beyond that the mapped tail takes over), where an adaptive rule needs few pieces.
            double share = (1 - exponentMin) / exponentMax;
            double peak = share <= Math.Exp(logW) ? 0 : share >= 1 ? double.PositiveInfinity : logZ - logW + Math.Log(share) - SpecialFunctions.Log1P(-share);
            double top = LogG(Math.Min(peak, -logW + 2));
            Split = Math.Min(-logW + 2, Math.Max(0, Boundary(Math.Min(peak, -logW + 2), top - 60, +1)));
            // Cut short, the body ends 60 nats below the peak of a concave ln g: what lies beyond is below e^−60 of it.
            TailNeeded = Split >= -logW + 2;
            From = peak <= 0 ? 0 : Math.Max(0, Boundary(Math.Min(peak, Split), top - 60, -1));
            LogAtSplit = LogG(Split);
        }

        /// <summary>Whether the body reaches the natural split, so the decaying tail beyond it counts.</summary>
        public bool TailNeeded { get; }

        /// <summary>Start of the body: where g has fallen 60 nats below its peak on the left (0 when it peaks at 0).</summary>
        public double From { get; }

        /// <summary>From <paramref name="start"/>, steps doubling in <paramref name="direction"/> until ln g is below <paramref name="level"/>.</summary>
        private double Boundary(double start, double level, int direction)
        {
            double step = 1, u = start;
            for (int i = 0; i < 200; i++)
            {
                double next = u + direction * step;
                if (direction < 0 && next <= 0) return 0;
                if (LogG(next) < level) return next;
                u = next;
                step *= 2;
            }
            return u;
        }

        /// <summary>Past this u the larger base has caught up and g decays like e^{−m u}.</summary>
        public double Split { get; }

        public double LogAtSplit { get; }

        /// <summary>ln((max+y)/(max+t)) = ln(w e^u + z), as a log-sum-exp so it stays finite for every u.</summary>
        private double LogMaxRatio(double u)
        {
            double a = u + logW;
            return Math.Max(a, logZ) + SpecialFunctions.Log1P(Math.Exp(-Math.Abs(a - logZ)));
        }

        private double LogG(double u) => u * (1 - exponentMin) - exponentMax * LogMaxRatio(u);

        /// <summary>g/g(split) and its moments at a point of the body (u) or of the mapped tail (v).</summary>
        private void Evaluate(bool mappedTail, double point, int components, Span<double> values)
        {
            double u = mappedTail ? Split - Math.Log(point) / m : point;
            double logMax = LogMaxRatio(u);
            double logG = u * (1 - exponentMin) - exponentMax * logMax - LogAtSplit;
            // In the tail du = dv / (m v) and v = e^{−m(u − split)}.
            double g = mappedTail ? Math.Exp(logG + m * (u - Split)) / m : Math.Exp(logG);
            values[0] = g;
            if (components == 1) return;
            double logAlpha = alphaIsMax ? logMax : u, logBeta = alphaIsMax ? u : logMax;
            values[1] = g * logAlpha;
            values[2] = g * logBeta;
            values[3] = g * Math.Exp(-logAlpha);
            values[4] = g * Math.Exp(-logBeta);
        }

        public void Integrate(bool mappedTail, double from, double to, int components, Span<double> result)
        {
            result.Clear();
            _budget = RuleBudget;
            Rule(mappedTail, from, to, components, result, out double wholeError);
            if (!double.IsFinite(result[0])) return;
            Span<double> refined = stackalloc double[Moments];
            Refine(mappedTail, from, to, components, result, wholeError, RelativeTolerance * Math.Abs(result[0]), MaxDepth, refined);
            refined[..components].CopyTo(result);
        }

        private void Refine(bool mappedTail, double from, double to, int components, ReadOnlySpan<double> estimate, double error,
            double absoluteTolerance, int depth, Span<double> result)
        {
            double middle = 0.5 * (from + to);
            if (depth == 0 || _budget <= 0 || error <= Math.Max(absoluteTolerance, 1e-15 * Math.Abs(estimate[0])) || middle <= from || middle >= to)
            {
                for (int i = 0; i < components; i++) result[i] = estimate[i];
                return;
            }
            _budget -= 2;
            Span<double> left = stackalloc double[Moments];
            Span<double> right = stackalloc double[Moments];
            Span<double> leftResult = stackalloc double[Moments];
            Span<double> rightResult = stackalloc double[Moments];
            Rule(mappedTail, from, middle, components, left, out double leftError);
            Rule(mappedTail, middle, to, components, right, out double rightError);
            Refine(mappedTail, from, middle, components, left, leftError, 0.5 * absoluteTolerance, depth - 1, leftResult);
            Refine(mappedTail, middle, to, components, right, rightError, 0.5 * absoluteTolerance, depth - 1, rightResult);
            for (int i = 0; i < components; i++) result[i] = leftResult[i] + rightResult[i];
        }

        private void Rule(bool mappedTail, double from, double to, int components, Span<double> result, out double error)
        {
            double center = 0.5 * (from + to), halfWidth = 0.5 * (to - from);
            Span<double> values = stackalloc double[Moments];
            Span<double> other = stackalloc double[Moments];
            Evaluate(mappedTail, center, components, values);
            double gauss = values[0] * GaussWeights[3];
            for (int c = 0; c < components; c++) result[c] = values[c] * KronrodWeights[7];
            for (int i = 0; i < 7; i++)
            {
                double offset = halfWidth * KronrodNodes[i];
                Evaluate(mappedTail, center - offset, components, values);
                Evaluate(mappedTail, center + offset, components, other);
                for (int c = 0; c < components; c++) result[c] += KronrodWeights[i] * (values[c] + other[c]);
                if (i % 2 == 1) gauss += GaussWeights[i / 2] * (values[0] + other[0]);
            }
            error = Math.Abs((result[0] - gauss) * halfWidth);
            for (int c = 0; c < components; c++) result[c] *= halfWidth;
        }
    }
}
