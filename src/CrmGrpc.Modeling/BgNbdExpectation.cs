using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling;

/// <summary>
/// E[purchases in the next t | alive, x, T] for the BG/NBD model: the second factor of Fader, Hardie &amp; Lee
/// (2005) eq. (10) before it is multiplied by P(alive). With u = t/(α+T), z = u/(1+u), A = r+x and
/// C = a+b+x−1 the paper's form is
/// <code>Q = C/(a−1) · [1 − (1−z)^A ₂F₁(A, b+x; C; z)].</code>
/// That form divides by a−1 (0/0 at a = 1, and fits near a = 1 lose most digits to cancellation) and lets ₂F₁
/// overflow for x in the hundreds. Euler's transformation (1−z)^A ₂F₁(A, b+x; C; z) = (1−z)^(a−1) ₂F₁(C−A, a−1; C; z)
/// exposes the factor a−1 inside the series, which gives the cancellation-free equivalent
/// <code>Q = C · (1 − (1−z)^(a−1))/(a−1) − (1−z)^(a−1) · H,   H = Σ_{k≥1} (C−A)_k (a)_{k−1} z^k / ((C+1)_{k−1} k!)</code>
/// whose first part is an expm1 and whose series has no pole for any a, b &gt; 0 (even C ≤ 0).
/// For z near 1 with few purchases the series converges too slowly; there Q is continued from z = 0.9 by
/// integrating dQ/du = A · ₂F₁(A+1, a; C+1; −u) together with that ₂F₁'s own differential equation.
/// When r is far above a+b the series alternates with huge terms, and when a or b is huge (a fit on a book with
/// almost no churn) its terms overflow; those (detected) cases, and any failure of the continuation, fall back to
/// adaptive quadrature of the defining integral over the dropout posterior.
/// </summary>
internal static class BgNbdExpectation
{
    private const int SeriesTermBudget = 4000;
    private const double ContinuationStart = 9; // u = 9 ⇔ z = 0.9: the series still converges in a few hundred terms
    private const double MaxContinuationShape = 100;  // the ODE's fast modes decay like e^(−(r+x+1)s) …
    private const double MaxContinuationScale = 1000; // … and e^(−(a+b+x)s/u): stiff beyond these
    private const double MaxCancellation = 1e5; // largest term / result tolerated before the series is distrusted

    /// <summary>Relative truncation error the point-mass expansion must provably meet before it is used.</summary>
    internal const double PointMassTolerance = 1e-15;

    /// <summary>Highest (odd) order K of the point-mass expansion; its error bound needs a &gt; 2K+4.</summary>
    private const int PointMassMaxOrder = 41;

    /// <summary>
    /// Var(p)/m² above which the expansion cannot reach <see cref="PointMassTolerance"/> by order
    /// <see cref="PointMassMaxOrder"/>, so it is not tried.
    /// </summary>
    private const double PointMassMaxRelativeVariance = 1.0 / 250;

    internal enum Method
    {
        Automatic,
        Continuation,
        Quadrature,

        /// <summary>Euler-transformed ₂F₁ series only (NaN when it fails).</summary>
        EulerSeries,

        /// <summary>Negative-binomial series only (NaN when it fails).</summary>
        NegativeBinomialSeries,

        /// <summary>Point-mass expansion only, at its highest order whatever its error bound (NaN when a ≤ 10).</summary>
        PointMass,
    }

    /// <param name="r">Gamma shape of the purchase rate.</param>
    /// <param name="alpha">Gamma rate (scale of time) of the purchase rate.</param>
    /// <param name="a">First Beta parameter of the dropout probability.</param>
    /// <param name="b">Second Beta parameter of the dropout probability.</param>
    /// <param name="x">Repeat purchases observed.</param>
    /// <param name="age">Customer age T.</param>
    /// <param name="horizon">Forecast length t.</param>
    public static double IfAlive(double r, double alpha, double a, double b, int x, double age, double horizon)
        => IfAlive(r, alpha, a, b, x, age, horizon, Method.Automatic);

    /// <summary>
    /// Automatic order: the point-mass expansion when its rigorous error bound meets
    /// <see cref="PointMassTolerance"/> (a large: the dropout posterior is nearly a point); otherwise the cheaper of
    /// the Euler and negative-binomial series by their estimated term counts, then the other; where both would need
    /// too many terms (z → 1) the ODE continuation; finally the adaptive quadrature of the defining integral.
    /// </summary>
    internal static double IfAlive(double r, double alpha, double a, double b, int x, double age, double horizon, Method method)
    {
        double u = horizon / (alpha + age);
        if (u == 0) return 0;
        double shape = r + x, bx = b + x;
        switch (method)
        {
            case Method.EulerSeries:
                return TrySeriesForm(r, a, b, x, u, 1_000_000, out double euler) ? Math.Max(euler, 0) : double.NaN;
            case Method.NegativeBinomialSeries:
                return TryNegativeBinomialSeries(shape, a, bx, u, 10_000_000, out double binomial) ? binomial : double.NaN;
            case Method.PointMass:
                TryPointMass(shape, a, bx, u, 0, out double point, out _);
                return point;
            case Method.Quadrature:
                return Math.Max(Quadrature(r, a, b, x, u), 0);
            case Method.Automatic:
                if (TryPointMass(shape, a, bx, u, PointMassTolerance, out double q, out _)) return q;
                if (TrySeries(r, a, b, x, u, out q)) return Math.Max(q, 0);
                break;
        }

        if (r + x <= MaxContinuationShape && a + b + x <= MaxContinuationScale)
        {
            double start = Math.Min(ContinuationStart, u / 2);
            if (TrySeriesForm(r, a, b, x, start, 1_000_000, out double q0))
            {
                double continued = Continue(r, a, b, x, start, u, q0);
                if (double.IsFinite(continued)) return Math.Max(continued, 0);
            }
        }
        return Math.Max(Quadrature(r, a, b, x, u), 0);
    }

    /// <summary>
    /// The two series in the order of their estimated cost, each only if that estimate is within
    /// <see cref="SeriesTermBudget"/>. The Euler series' terms rise until k ≈ a·u and it overflows when a·ln(1+u) is
    /// large; the negative-binomial series' weights peak at k ≈ (r+x)·u; both then decay like z^k, about 37(1+u)
    /// terms to 1e-16.
    /// </summary>
    private static bool TrySeries(double r, double a, double b, int x, double u, out double q)
    {
        double shape = r + x, tail = 40 * (1 + u);
        double eulerCost = a * SpecialFunctions.Log1P(u) > 690 ? double.PositiveInfinity
            : a * u + tail + Math.Max(0, shape - (a + b + x - 1));
        double binomialCost = shape * u + 10 * Math.Sqrt(shape * u * (1 + u)) + tail;
        if (eulerCost <= binomialCost)
        {
            if (eulerCost <= SeriesTermBudget && TrySeriesForm(r, a, b, x, u, SeriesTermBudget, out q)) return true;
            if (binomialCost <= SeriesTermBudget && TryNegativeBinomialSeries(shape, a, b + x, u, SeriesTermBudget, out q)) return true;
        }
        else
        {
            if (binomialCost <= SeriesTermBudget && TryNegativeBinomialSeries(shape, a, b + x, u, SeriesTermBudget, out q)) return true;
            if (eulerCost <= SeriesTermBudget && TrySeriesForm(r, a, b, x, u, SeriesTermBudget, out q)) return true;
        }
        q = double.NaN;
        return false;
    }

    /// <summary>
    /// Q = E[B_N] with N ~ NegBin(r+x, z) the purchases an alive customer would make in the horizon (Gamma-mixed
    /// Poisson: P(N = i) ∝ (r+x)_i z^i / i!) and B_i = Σ_{j&lt;i} E[(1−p)^j] = Σ_{j&lt;i} (b+x)_j/(a+b+x)_j the expected
    /// number of those i purchases made before dropping out (the j-th needs j−1 survivals). Every term is positive, so
    /// there is no cancellation for any parameters (r ≫ a+b included), and the weights are normalised by their own
    /// sum, so (1+u)^−(r+x) may underflow. Stops when the geometric bound on the remaining tail (the weight ratio tends
    /// monotonically to z, B grows by at most β_i per step) is below 1e-16 of the sum.
    /// </summary>
    internal static bool TryNegativeBinomialSeries(double shape, double a, double bx, double u, int maxTerms, out double q)
    {
        double z = u / (1 + u), n = a + bx;
        double weight = 1, weights = 1, sum = 0; // weight_i ∝ P(N = i), rescaled together when they grow large
        double beta = 1, cumulative = 0;          // β_{i−1} = E[(1−p)^(i−1)] and B_i
        for (int i = 1; i <= maxTerms; i++)
        {
            weight *= (shape + i - 1) / i * z;
            cumulative += beta;
            beta *= (bx + i - 1) / (n + i - 1);
            weights += weight;
            sum += weight * cumulative;
            if (weight > 1e250)
            {
                weight *= 1e-250;
                weights *= 1e-250;
                sum *= 1e-250;
            }
            double rho = Math.Max((shape + i) / (i + 1) * z, z);
            if (rho < 1)
            {
                // Σ_{k>i} w_k ≤ w_i ρ/(1−ρ);  Σ_{k>i} w_k B_k ≤ w_i (B_i ρ/(1−ρ) + β_i ρ/(1−ρ)²).
                double g = rho / (1 - rho);
                if (weight * (cumulative * g + beta * g / (1 - rho)) <= 1e-16 * sum && weight * g <= 1e-16 * weights)
                {
                    q = sum / weights;
                    return double.IsFinite(q);
                }
            }
        }
        q = double.NaN;
        return false;
    }

    /// <summary>
    /// Expansion of Q = E[g(p)], g(p) = (1 − (1+pu)^−A)/p, A = r+x, around the mean m = a/(a+b+x) of the dropout
    /// posterior p ~ Beta(a, b+x), for a posterior concentrated relative to m (large a):
    /// <code>Q_K = (1/m) Σ_{k=0..K} T_k(y) ν_k,   ν_k = E[(1 − p/m)^k],   y = mu/(1+mu),</code>
    /// because g's Taylor coefficients are g^(k)(ξ)/k! = (−1)^k T_k(y(ξ))/ξ^(k+1) with T_k(y) = P(NegBin(A, y) &gt; k)
    /// ∈ [0, 1] (from ξ·g(ξ) = 1 − (1+ξu)^−A). K = 1 is g(m); K = 3 adds g''(m)Var(p)/2 + g'''(m)E[(p−m)³]/6.
    /// The ν_k follow from Pearson's equation for the Beta density, (N+k) ν_{k+1} = k ((1−m)/m · ν_{k−1} − (1−2m)/m · ν_k)
    /// with N = a+b+x (no cancellation: both terms have the same sign), T_k(y) from T_0 = −expm1(−A ln(1+mu)) by
    /// subtracting the negative-binomial probabilities (absolute error ~kε·T_0, i.e. relative to the result).
    /// <para>
    /// Error bound (K odd, a &gt; 2K+4): by Lagrange, |R_K(p)| = |g^(K+1)(ξ)|/(K+1)! |p−m|^(K+1) with ξ between p and
    /// m, and T_{K+1}(y(ξ)) ≤ T_{K+1}(z) (T_k grows with y, y(ξ) ≤ z = u/(1+u)). For p ≥ m, 1/ξ^(K+2) ≤ 1/m^(K+2);
    /// for p &lt; m, 1/ξ^(K+2) ≤ 1/p^(K+2) and Cauchy–Schwarz with E[p^−s] = Π_{i=1..s} (N−i)/(a−i). Hence
    /// <code>|Q − Q_K| ≤ T_{K+1}(z)/m · (ν_{K+1} + sqrt(ν_{2K+2} P_K)),   P_K = Π_{i=1..2K+4} (1 − i/N)/(1 − i/a).</code>
    /// The order K = 1, 3, … is raised until this bound is at most <paramref name="tolerance"/> of Q_K, and that is the
    /// switch: with ν_2 = Var(p)/m² = (b+x)/(a(N+1)), K = 1 needs about (1+√3)ν_2 ≤ tol, K = 3 about
    /// (3+√105)ν_2² ≤ tol (ν_2 ≲ 9e-9 at tol = 1e-15), and K = 41 reaches 1e-15 near ν_2 = 1/300. The bound carries
    /// T_{K+1}(z) ≈ (A)_{K+2} z^(K+2)/(K+2)! for short horizons, so those switch earlier.
    /// </para>
    /// </summary>
    /// <param name="bound">The bound on |Q − Q_K| for the order returned (absolute).</param>
    /// <returns>Whether the bound met the tolerance; with tolerance 0 the highest order is returned in q regardless.</returns>
    internal static bool TryPointMass(double shape, double a, double bx, double u, double tolerance, out double q, out double bound)
    {
        q = bound = double.NaN;
        double odds = bx / a; // (1−m)/m
        double n = a + bx;
        double relativeVariance = odds / (n + 1);
        if (tolerance > 0 && !(relativeVariance <= PointMassMaxRelativeVariance)) return false;
        int maxOrder = Math.Min(PointMassMaxOrder, (int)Math.Ceiling(a / 2 - 2) - 1); // K < a/2 − 2
        if (maxOrder % 2 == 0) maxOrder--;
        if (maxOrder < 1 || !double.IsFinite(odds)) return false;

        double m = a / n, mu = m * u;
        double y = mu / (1 + mu), z = u / (1 + u);
        double logSurvivalY = -shape * SpecialFunctions.Log1P(mu), logSurvivalZ = -shape * SpecialFunctions.Log1P(u);
        double tailY = -SpecialFunctions.ExpM1(logSurvivalY), massY = Math.Exp(logSurvivalY); // T_0(y), P(N_y = 0)
        double tailZ0 = -SpecialFunctions.ExpM1(logSurvivalZ), tailZ = tailZ0, massZ = Math.Exp(logSurvivalZ);
        int tailYIndex = 0, tailZIndex = 0;

        Span<double> nu = stackalloc double[2 * PointMassMaxOrder + 3];
        nu[0] = 1;
        nu[1] = 0;
        int nuIndex = 1;
        double skew = odds - 1; // (1−2m)/m
        double product = 1;      // P_K
        int productIndex = 0;

        double sum = tailY; // k = 0; the k = 1 term vanishes (ν_1 = 0)
        for (int order = 1; order <= maxOrder; order += 2)
        {
            for (; nuIndex < 2 * order + 2; nuIndex++)
            {
                int k = nuIndex;
                nu[k + 1] = k / (n + k) * (odds * nu[k - 1] - skew * nu[k]);
            }
            for (; productIndex < 2 * order + 4; productIndex++)
            {
                int i = productIndex + 1;
                product *= (1 - i / n) / (1 - i / a);
            }
            if (order >= 3)
            {
                for (int k = order - 1; k <= order; k++)
                {
                    AdvanceTail(shape, y, ref massY, ref tailY, ref tailYIndex, k);
                    sum += tailY * nu[k];
                }
            }
            AdvanceTail(shape, z, ref massZ, ref tailZ, ref tailZIndex, order + 1);
            // Rounding in the subtractions leaves up to ~kε·T_0(z) in T_{K+1}(z): keep the bound an upper bound.
            double tailZBound = Math.Min(1, tailZ + (order + 2) * 4e-16 * tailZ0);
            double error = tailZBound * (nu[order + 1] + Math.Sqrt(nu[2 * order + 2] * product));
            if (order == maxOrder || error <= tolerance * sum)
            {
                q = sum / m;
                bound = error / m;
                return error <= tolerance * sum && double.IsFinite(q);
            }
        }
        return false;
    }

    /// <summary>Advances T_k(y) = P(NegBin(A, y) &gt; k) and P(NegBin(A, y) = k) from index k to <paramref name="target"/>.</summary>
    private static void AdvanceTail(double shape, double y, ref double mass, ref double tail, ref int index, int target)
    {
        for (; index < target; index++)
        {
            int k = index + 1;
            mass *= (shape + k - 1) / k * y;
            tail = Math.Max(tail - mass, 0);
        }
    }

    private static bool TrySeriesForm(double r, double a, double b, int x, double u, int maxTerms, out double q)
    {
        double c = a + b + x - 1;
        double cMinusA = a + b - 1 - r;
        double z = u / (1 + u);
        double logOneMinusZ = -SpecialFunctions.Log1P(u);
        double delta = a - 1;

        if (!TrySumH(cMinusA, a, c + 1, z, maxTerms, out double h, out double largestTerm))
        {
            q = double.NaN;
            return false;
        }
        double deltaL = delta * logOneMinusZ;
        // (1 − e^{δL})/δ → −L as δ → 0.
        double relativePower = deltaL == 0 ? -logOneMinusZ : -SpecialFunctions.ExpM1(deltaL) / delta;
        double first = c * relativePower, power = Math.Exp(deltaL);
        q = first - power * h;
        // Digits lost to cancellation ≈ log10(largest magnitude involved / result).
        double magnitude = Math.Max(Math.Abs(first), power * largestTerm);
        return double.IsFinite(q) && magnitude <= MaxCancellation * Math.Abs(q);
    }

    /// <summary>H = Σ_{k≥1} (cMinusA)_k (a)_{k−1} z^k / ((cPlusOne)_{k−1} k!) with the same tail bound as ₂F₁.</summary>
    private static bool TrySumH(double cMinusA, double a, double cPlusOne, double z, int maxTerms, out double sum, out double largestTerm)
    {
        double term = cMinusA * z;
        sum = term;
        largestTerm = Math.Abs(term);
        if (term == 0) return true;
        double settledAfter = Math.Max(1, -cMinusA);
        for (int k = 1; k < maxTerms; k++)
        {
            double ratio = (cMinusA + k) * (a + k - 1) / ((cPlusOne + k - 1) * (k + 1)) * z;
            term *= ratio;
            sum += term;
            largestTerm = Math.Max(largestTerm, Math.Abs(term));
            if (term == 0) return true;
            if (!double.IsFinite(sum)) return false;
            if (k + 1 > settledAfter && Hypergeometric.IsTailNegligible(term, Math.Abs(ratio), z, sum)) return true;
        }
        return false;
    }

    private static double Continue(double r, double a, double b, int x, double startU, double endU, double q0)
    {
        double bigA = r + x;
        double c = a + b + x - 1;
        double z0 = startU / (1 + startU);
        // F2(u) = ₂F₁(A+1, a; C+1; −u) = (1+u)^(−a) ₂F₁(C−A, a; C+1; z) (Pfaff), and u F2'(u)-type companion
        // y3 = (1+u) F2'(u) = −((A+1) a/(C+1)) (1+u)^(−a) ₂F₁(C−A, a+1; C+2; z).
        if (!Hypergeometric.TrySeries(c - bigA, a, c + 1, z0, 1_000_000, out double f2Series)
            || !Hypergeometric.TrySeries(c - bigA, a + 1, c + 2, z0, 1_000_000, out double derivativeSeries))
        {
            return double.NaN;
        }
        double decay = Math.Pow(1 + startU, -a);
        Span<double> y = [q0, decay * f2Series, -(bigA + 1) * a / (c + 1) * decay * derivativeSeries];

        double alpha1 = bigA + 1;
        double gammaC = c + 1;
        OdeRightHandSide rhs = (s, state, dyds) =>
        {
            double u = SpecialFunctions.ExpM1(s);
            double onePlusU = Math.Exp(s);
            dyds[0] = onePlusU * bigA * state[1];
            dyds[1] = state[2];
            dyds[2] = -((gammaC + (alpha1 + a) * u) * state[2] + onePlusU * alpha1 * a * state[1]) / u;
        };
        bool ok = DormandPrince.Integrate(rhs, y, SpecialFunctions.Log1P(startU), SpecialFunctions.Log1P(endU));
        return ok ? y[0] : double.NaN;
    }

    /// <summary>
    /// Q = ∫₀¹ Beta(p; a, b+x) · g(p) dp with g(p) = (1 − (1+pu)^−(r+x))/p, the defining integral over the dropout
    /// posterior, for any a, b &gt; 0 (including Beta densities with singular ends or concentrated in a sliver).
    /// Each half of [0, 1] is mapped to v = −ln p (resp. −ln(1−p)), where every feature — the density's peak, g's
    /// bend at p ≈ 1/((r+x)u), the Beta's cut-off — has width of order one or a known σ; the integral is cut into
    /// pieces at those places and integrated by adaptive Gauss–Kronrod, everything in logs. Beyond 40 e-folds past the
    /// last feature the integrand is a pure exponential and its tail is added in closed form.
    /// </summary>
    private static double Quadrature(double r, double a, double b, int x, double u)
    {
        double shape = r + x, bx = b + x;
        double logBeta = SpecialFunctions.LogBeta(a, bx);
        double logGainAtZero = Math.Log(shape * u);
        double logGainAtOne = Math.Log(-SpecialFunctions.ExpM1(-shape * SpecialFunctions.Log1P(u)));

        double LogGain(double p, double logP)
        {
            double pu = p * u;
            if (pu < 1e-300) return logGainAtZero;
            return Math.Log(-SpecialFunctions.ExpM1(-shape * SpecialFunctions.Log1P(pu))) - logP;
        }

        // Lower half, v = −ln p: density e^(−a v) (1 − e^(−v))^(bx−1) / B dv.
        double Lower(double v)
        {
            double p = Math.Exp(-v);
            return Math.Exp(-a * v + (bx - 1) * SpecialFunctions.Log1P(-p) - logBeta + LogGain(p, -v));
        }

        // Upper half, v = −ln(1−p): density e^(−bx v) (1 − e^(−v))^(a−1) / B dv.
        double Upper(double v)
        {
            double q = Math.Exp(-v), p = -SpecialFunctions.ExpM1(-v);
            return Math.Exp(-bx * v + (a - 1) * SpecialFunctions.Log1P(-q) - logBeta + LogGain(p, SpecialFunctions.Log1P(-q)));
        }

        double lowerEnd = Features(a, bx, Math.Log(shape * u + 1), out var lowerBreaks);
        double upperEnd = Features(bx, a, Math.Log(shape * u + 1), out var upperBreaks);
        double lowerTail = Math.Exp(logGainAtZero - a * lowerEnd - logBeta - Math.Log(a));
        double upperTail = Math.Exp(logGainAtOne - bx * upperEnd - logBeta - Math.Log(bx));
        return GaussKronrod.IntegratePieces(Lower, lowerBreaks) + lowerTail
            + GaussKronrod.IntegratePieces(Upper, upperBreaks) + upperTail;
    }

    /// <summary>
    /// Break points in v ∈ [ln 2, end] for the half where the density is e^(−near·v) (1 − e^(−v))^(far−1):
    /// a grid of unit spacing (features of g and of the cut-off are O(1) wide in v) plus points at the density's
    /// mode ± 2^k σ (its peak can be much narrower). Returns the end beyond which only the exponential tail is left.
    /// </summary>
    private static double Features(double near, double far, double logGainScale, out double[] breaks)
    {
        double start = Math.Log(2);
        double mode = start, width = 1;
        if (far > 1)
        {
            // Maximum of −near·v + (far−1) ln(1 − e^(−v)): e^(−v) = near/(near+far−1).
            double pMode = near / (near + far - 1);
            mode = Math.Max(start, -Math.Log(pMode));
            width = 1 / Math.Sqrt((far - 1) * pMode / ((1 - pMode) * (1 - pMode)));
        }
        double end = Math.Max(Math.Max(mode, logGainScale), Math.Log(far + 1)) + Math.Max(40, 40 * width);
        end = Math.Min(end, 745);
        var points = new List<double>(96) { start, end };
        for (double v = Math.Ceiling(start); v < end; v += 1) points.Add(v);
        for (int k = -1; k <= 8; k++)
        {
            double offset = k < 0 ? 0 : width * Math.Pow(2, k);
            foreach (double v in new[] { mode - offset, mode + offset })
            {
                if (v > start && v < end) points.Add(v);
            }
        }
        points.Sort();
        breaks = [.. points.Distinct()];
        return end;
    }
}
