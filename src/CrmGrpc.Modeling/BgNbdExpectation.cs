using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling;

/// <summary>
/// E[purchases in the next t | alive, x, T] for the BG/NBD model: the second factor of Fader, Hardie &amp; Lee
/// (2005) eq. (10) before it is multiplied by P(alive). With u = t/(α+T), z = u/(1+u), A = r+x and
/// C = a+b+x−1 the paper's form is
/// <code>Q = C/(a−1) · [1 − (1−z)^A ₂F₁(A, b+x; C; z)] = E[(1 − (1+pu)^−A)/p],  p ~ Beta(a, b+x).</code>
/// That form divides by a−1 (0/0 at a = 1, and fits near a = 1 lose most digits to cancellation) and lets ₂F₁
/// overflow for x in the hundreds. Four evaluations cover every a, b, r, α &gt; 0, each used only where it is both
/// cheap and accurate (relative error ≲ 1e-14, checked against 40-digit references):
/// <list type="number">
/// <item>Point-mass expansion (<see cref="TryPointMass"/>): when the dropout posterior is concentrated (a large; a
/// fit on a book with almost no churn heterogeneity gives a, b ~ 1e14), Q = (1/m) Σ T_k ν_k around its mean m with a
/// rigorous truncation bound; used when that bound is ≤ 1e-15 of Q. O(1) cost (~0.1–0.5 µs).</item>
/// <item>Euler series: Euler's transformation (1−z)^A ₂F₁(A, b+x; C; z) = (1−z)^(a−1) ₂F₁(C−A, a−1; C; z) gives
/// <code>Q = C · (1 − (1−z)^(a−1))/(a−1) − (1−z)^(a−1) · H,   H = Σ_{k≥1} (C−A)_k (a)_{k−1} z^k / ((C+1)_{k−1} k!)</code>
/// whose first part is an expm1 and whose series has no pole for any a, b &gt; 0 (even C ≤ 0); ~a·u + 37(1+u) terms.
/// Rejected when its two parts cancel (r far above a+b, or short horizons with a &gt; 1).</item>
/// <item>Negative-binomial series (<see cref="TryNegativeBinomialSeries"/>): Q = E[B_N], all terms positive, no
/// cancellation for any parameters; ~(r+x)·u + 37(1+u) terms. The cheaper series by estimated term count goes
/// first, each only within <see cref="SeriesTermBudget"/> terms.</item>
/// <item>Quadrature of the defining integral in the logit of p (<see cref="Quadrature"/>), with convergent series for
/// both tails: the fallback (z → 1 with a moderate, or very large (r+x)·u), 10–60 µs.</item>
/// </list>
/// The ODE continuation of the Euler series towards z → 1 (<see cref="Method.Continuation"/>) is kept as an
/// independent check but no longer used automatically: it costs 0.1–1 ms where the quadrature costs ~30 µs.
/// </summary>
internal static partial class BgNbdExpectation
{
    internal const int SeriesTermBudget = 4000;
    private const double ContinuationStart = 9; // u = 9 ⇔ z = 0.9: the series still converges in a few hundred terms
    private const double MaxContinuationShape = 100;  // the ODE's fast modes decay like e^(−(r+x+1)s) …
    private const double MaxContinuationScale = 1000; // … and e^(−(a+b+x)s/u): stiff beyond these
    // The Euler form's error grows like (largest part / result) · sqrt(terms) · ε (each term carries the rounding of
    // the ratios before it, the cancellation amplifies it); above MaxCancellation (errors beyond ~1e-14 observed
    // against 40-digit references) the cancellation-free negative-binomial series is used instead.
    private const double MaxCancellation = 100;

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
    /// the Euler and negative-binomial series by their estimated term counts, then the other, each within
    /// <see cref="SeriesTermBudget"/> terms; where both would need more (z → 1, or (r+x)·u in the thousands) the
    /// quadrature of the defining integral. The other methods force one evaluation (for tests and references).
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
                return Math.Max(Quadrature(r, a, b, x, u), 0);
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
        SeriesCosts(r, a, b, x, u, out double eulerCost, out double binomialCost);
        if (eulerCost <= binomialCost)
        {
            if (eulerCost <= SeriesTermBudget && TrySeriesForm(r, a, b, x, u, SeriesTermBudget, out q)) return true;
            if (binomialCost <= SeriesTermBudget && TryNegativeBinomialSeries(r + x, a, b + x, u, SeriesTermBudget, out q)) return true;
        }
        else
        {
            if (binomialCost <= SeriesTermBudget && TryNegativeBinomialSeries(r + x, a, b + x, u, SeriesTermBudget, out q)) return true;
            if (eulerCost <= SeriesTermBudget && TrySeriesForm(r, a, b, x, u, SeriesTermBudget, out q)) return true;
        }
        q = double.NaN;
        return false;
    }

    internal static void SeriesCosts(double r, double a, double b, int x, double u, out double eulerCost, out double binomialCost)
    {
        double shape = r + x, tail = 40 * (1 + u);
        eulerCost = a * u > 690 && a * SpecialFunctions.Log1P(u) > 690 ? double.PositiveInfinity // ln(1+u) ≤ u
            : a * u + tail + Math.Max(0, shape - (a + b + x - 1));
        binomialCost = shape * u + 10 * Math.Sqrt(shape * u * (1 + u)) + tail;
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
        double ratio = shape * z;                 // weight_i / weight_{i−1} = (A+i−1) z / i
        for (int i = 1; i <= maxTerms; i++)
        {
            weight *= ratio;
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
            ratio = (shape + i) / (i + 1) * z;
            double rho = Math.Max(ratio, z), gap = 1 - rho;
            // Σ_{k>i} w_k ≤ w_i ρ/(1−ρ) and Σ_{k>i} w_k B_k ≤ w_i (B_i ρ/(1−ρ) + β_i ρ/(1−ρ)²), both ≤ 1e-16 of their sums.
            if (gap > 0 && weight * rho * (cumulative * gap + beta) <= 1e-16 * sum * gap * gap
                && weight * rho <= 1e-16 * weights * gap)
            {
                q = sum / weights;
                return double.IsFinite(q);
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
        double n = a + bx;
        // Var(p)/m² = (b+x)/(a(N+1)) ≤ 1/250, without divisions: this rejection is on every call's path.
        if (tolerance > 0 && !(bx <= PointMassMaxRelativeVariance * a * (n + 1))) return false;
        double odds = bx / a; // (1−m)/m
        int maxOrder = Math.Min(PointMassMaxOrder, (int)Math.Ceiling(a / 2 - 2) - 1); // K < a/2 − 2
        if (maxOrder % 2 == 0) maxOrder--;
        if (maxOrder < 1 || !double.IsFinite(odds)) return false;

        double m = a / n, mu = m * u;
        double y = mu / (1 + mu), z = u / (1 + u);
        double logSurvivalY = -shape * SpecialFunctions.Log1P(mu);
        double tailY = -SpecialFunctions.ExpM1(logSurvivalY), massY = Math.Exp(logSurvivalY); // T_0(y), P(N_y = 0)
        double tailZ0 = double.NaN, tailZ = double.NaN, massZ = double.NaN; // T(z) only if T ≤ 1 is not enough
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
            double moments = nu[order + 1] + Math.Sqrt(nu[2 * order + 2] * product);
            double error = moments; // with T_{K+1}(z) ≤ 1
            if (!(error <= tolerance * sum))
            {
                if (double.IsNaN(tailZ0))
                {
                    double logSurvivalZ = -shape * SpecialFunctions.Log1P(u);
                    tailZ0 = tailZ = -SpecialFunctions.ExpM1(logSurvivalZ);
                    massZ = Math.Exp(logSurvivalZ);
                }
                AdvanceTail(shape, z, ref massZ, ref tailZ, ref tailZIndex, order + 1);
                // Rounding in the subtractions leaves up to ~kε·T_0(z) in T_{K+1}(z): keep the bound an upper bound.
                error = Math.Min(1, tailZ + (order + 2) * 4e-16 * tailZ0) * moments;
            }
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
        double z = u / (1 + u);
        if (!TrySumH(a + b - 1 - r, a, c + 1, z, maxTerms, out double h, out double largestTerm, out int terms))
        {
            q = double.NaN;
            return false;
        }
        return TryFinishSeriesForm(a, c, z, h, largestTerm, terms, out q);
    }

    /// <summary>Q = C (1 − (1−z)^(a−1))/(a−1) − (1−z)^(a−1) H, rejected when cancellation would cost digits.</summary>
    private static bool TryFinishSeriesForm(double a, double c, double z, double h, double largestTerm, int terms, out double q)
    {
        // ln(1−z) of the rounded z (1−z is exact for z ≥ ½): first part and series then agree on z, so its rounding
        // only perturbs the input instead of being amplified by the cancellation between them.
        double logOneMinusZ = SpecialFunctions.Log1P(-z);
        double delta = a - 1;
        double deltaL = delta * logOneMinusZ;
        // (1 − e^{δL})/δ → −L as δ → 0.
        double relativePower = deltaL == 0 ? -logOneMinusZ : -SpecialFunctions.ExpM1(deltaL) / delta;
        double first = c * relativePower, power = Math.Exp(deltaL);
        q = first - power * h;
        // Digits lost to cancellation ≈ log10(largest magnitude involved / result).
        double magnitude = Math.Max(Math.Abs(first), power * largestTerm);
        return double.IsFinite(q) && magnitude * Math.Sqrt(terms) <= MaxCancellation * Math.Abs(q);
    }

    /// <summary>H = Σ_{k≥1} (cMinusA)_k (a)_{k−1} z^k / ((cPlusOne)_{k−1} k!) with the same tail bound as ₂F₁.</summary>
    private static bool TrySumH(double cMinusA, double a, double cPlusOne, double z, int maxTerms, out double sumOut,
        out double largestOut, out int termsOut)
    {
        // Locals, not the out parameters, inside the loop: those are references and would be stored every term.
        double term = cMinusA * z, sum = term, largestTerm = Math.Abs(term);
        sumOut = sum;
        largestOut = largestTerm;
        termsOut = 1;
        if (term == 0) return true;
        double settledAfter = Math.Max(1, -cMinusA);
        for (int k = 1; k < maxTerms; k++)
        {
            double ratio = (cMinusA + k) * (a + k - 1) / ((cPlusOne + k - 1) * (k + 1)) * z;
            term *= ratio;
            sum += term;
            largestTerm = Math.Max(largestTerm, Math.Abs(term));
            bool finished = term == 0;
            if (!finished && !double.IsFinite(sum)) break;
            // After the last sign change the ratios tend monotonically to z: the tail is below |term| ρ/(1−ρ).
            double bound = Math.Max(Math.Abs(ratio), z);
            if (finished || (k + 1 > settledAfter && bound < 1 && Math.Abs(term) * bound <= 1e-16 * Math.Abs(sum) * (1 - bound)))
            {
                sumOut = sum;
                largestOut = largestTerm;
                termsOut = k + 1;
                return true;
            }
        }
        sumOut = sum;
        largestOut = largestTerm;
        termsOut = maxTerms;
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
    /// Q = ∫ Beta(p; a, b+x) g(p) dp with g(p) = (1 − (1+pu)^−(r+x))/p, the defining integral over the dropout
    /// posterior, for any a, b &gt; 0; the fallback where neither series nor the point-mass expansion is cheap.
    /// <para>
    /// The variable is s = logit p − ln(a/(b+x)), in which the density is log-concave with its mode at s = 0, width
    /// σ = sqrt(1/a + 1/(b+x)) and log-density ln f(0) + a·s − N·ln(1 + m(e^s − 1)) (N = a+b+x, m = a/N); its value
    /// at the mode, ln f(0) = ½ ln(a(b+x)/(2πN)) − S(a) − S(b+x) + S(N) with S the Stirling remainder, has no
    /// cancellation, and the log-density relative to it is summed from two parts that are each computed without
    /// cancellation (see LogDensity), so nothing of size a·|s| or a·ln(b+x) is ever subtracted: the textbook
    /// ln B(a, b+x) − a·ln p would lose a·ln(b+x)·ε, every digit for a ≈ 1e14. g's bend at p ≈ 1/((r+x)u) is O(1)
    /// wide in s.
    /// </para>
    /// <para>
    /// Below p_L = 1/(16κ), κ = max(1, b+x, (r+x)u, u), and above 1 − q_R, q_R = 1/(16 max(1, a)), the integral is
    /// a convergent power series: ∫₀^p_L p^(a−1) Σ d_j p^j = Σ d_j p_L^(a+j)/(a+j) with d the Taylor coefficients of
    /// (1−p)^(b+x−1) g(p) (both factors' terms shrink at least 8-fold per order there), and symmetrically with
    /// g(1−q) = Σ T_k(z) q^k (the point-mass coefficients at ξ = 1). Between them GK15 panels two local standard
    /// deviations wide (curvature N·p(1−p), so both the steep and the flat side of a skewed posterior are resolved),
    /// at most 2, are marched outwards from the mode and stopped once a bound on the rest (density monotone away from
    /// the mode, g decreasing) is below 1e-17 of g(1) ≤ Q. Typically 7–40 rules of 15 points, 10–60 µs.
    /// </para>
    /// </summary>
    private static double Quadrature(double r, double a, double b, int x, double u)
    {
        double shape = r + x, bx = b + x, n = a + bx;
        double m = a / n, complement = bx / n, logOdds = Math.Log(a) - Math.Log(bx); // 1 − m, not by subtraction
        double logPeak = 0.5 * (Math.Log(a) + Math.Log(bx) - Math.Log(n) - Math.Log(2 * Math.PI))
            - SpecialFunctions.StirlingRemainder(a) - SpecialFunctions.StirlingRemainder(bx) + SpecialFunctions.StirlingRemainder(n);
        double gainAtZero = shape * u;
        double floor = -SpecialFunctions.ExpM1(-shape * SpecialFunctions.Log1P(u)); // g(1) ≤ Q

        // ln f(s) − ln f(0) = a·s − N ln(1 + m(e^s − 1)). Near the mode (|s| < ½) it is summed as
        // −a(e^s − 1 − s) + N(y − ln(1+y)), y = m(e^s − 1): two cancellation-free parts that differ by the factor 1−m (for
        // m &gt; ½ the mirror form, a ↔ b+x and s ↔ −s, with 1−m = (b+x)/N); beyond, the direct form loses at most a
        // digit. e^s is taken directly (as expm1(s) + 1 it would carry expm1's absolute error, 1e-9 relative at s = −17).
        double LogDensity(double s, double exponential)
        {
            if (m <= 0.5)
            {
                return Math.Abs(s) >= 0.5 ? a * s - n * SpecialFunctions.Log1P(m * (exponential - 1))
                    : -a * SpecialFunctions.ExpM1MinusX(s) + n * SpecialFunctions.XMinusLog1P(m * SpecialFunctions.ExpM1(s));
            }
            return Math.Abs(s) >= 0.5 ? -bx * s - n * SpecialFunctions.Log1P(complement * (1 / exponential - 1))
                : -bx * SpecialFunctions.ExpM1MinusX(-s) + n * SpecialFunctions.XMinusLog1P(complement * SpecialFunctions.ExpM1(-s));
        }
        double Gain(double p)
        {
            double pu = p * u;
            return pu < 1e-300 ? gainAtZero : -SpecialFunctions.ExpM1(-shape * SpecialFunctions.Log1P(pu)) / p;
        }
        double Density(double s) => Math.Exp(logPeak + LogDensity(s, Math.Exp(s)));
        double Integrand(double s)
        {
            double exponential = Math.Exp(s);
            double p = s >= 0 ? m / (m + complement / exponential) : m * exponential / (complement + m * exponential);
            return Math.Exp(logPeak + LogDensity(s, exponential)) * Gain(p);
        }

        // The log-density's curvature is N·p(1−p) (largest at p = ½, i.e. logit p = 0): panels span a fixed number of
        // local standard deviations, measured at the point of the panel nearest to p = ½, capped at 2.
        double PanelWidth(double edge, int direction)
        {
            double LocalWidth(double w) => 2 * Math.Sqrt((2 + 2 * Math.Cosh(w)) / n);
            double w0 = edge + logOdds;
            double width = Math.Min(2, LocalWidth(w0));
            double w1 = w0 + direction * width;
            double nearest = (w0 <= 0) == (w1 <= 0) ? (Math.Abs(w1) < Math.Abs(w0) ? w1 : w0) : 0;
            return Math.Min(width, LocalWidth(nearest));
        }

        double kappa = Math.Max(Math.Max(1, bx), Math.Max(gainAtZero, u));
        double lowerCut = 1 / (16 * kappa), upperCut = 1 / (16 * Math.Max(1, a));
        double from = Math.Log(lowerCut) - SpecialFunctions.Log1P(-lowerCut) - logOdds;
        double to = SpecialFunctions.Log1P(-upperCut) - Math.Log(upperCut) - logOdds;

        double total = LowerTailSeries(shape, a, bx, u, lowerCut) + UpperTailSeries(shape, a, bx, u, upperCut);
        double negligible = 1e-17 * floor;
        int budget = QuadratureRuleBudget;
        double start = Math.Clamp(0, from, to);
        for (double left = start; left < to;)
        {
            double right = Math.Min(left + PanelWidth(left, 1), to);
            if (!(right > left) || budget <= -QuadratureRuleBudget) break; // past the budget: single rules, then stop
            total += GaussKronrod.Integrate(Integrand, left, right, negligible, PanelTolerance, ref budget);
            // Beyond max(right, 0) both the density and g decrease.
            if (right >= 0 && Integrand(right) * (to - right) <= negligible) break;
            left = right;
        }
        double maxGain = Gain(1 / (1 + Math.Exp(-(from + logOdds))));
        for (double right = start; right > from;)
        {
            double left = Math.Max(right - PanelWidth(right, -1), from);
            if (!(left < right) || budget <= -QuadratureRuleBudget) break;
            total += GaussKronrod.Integrate(Integrand, left, right, negligible, PanelTolerance, ref budget);
            // Below min(left, 0) the density decreases outwards and g is at most g(p_L).
            if (left <= 0 && Density(left) * maxGain * (left - from) <= negligible) break;
            right = left;
        }
        return total;
    }

    /// <summary>
    /// Cap on refining 15-point rules per quadrature (typically 7–40 rules are used in all, ~100 ns per integrand
    /// evaluation); once spent, the remaining panels get one rule each, up to as many again. Bounds the fallback at
    /// about 1 ms even if the error estimates never settle (never seen in 10⁴ random parameter sets: max 60 µs).
    /// </summary>
    private const int QuadratureRuleBudget = 200;

    /// <summary>
    /// Accept a GK15 panel when |Kronrod − Gauss| ≤ 1e-10 of it: for analytic integrands the 15-point error is about
    /// that estimate to the power 1.5 (QUADPACK's rescaling), i.e. ~1e-15.
    /// </summary>
    private const double PanelTolerance = 1e-10;

    /// <summary>∫₀^cut Beta(p; a, bx) g(p) dp = Σ_j d_j cut^(a+j)/(a+j) / B(a, bx), d = coefficients of (1−p)^(bx−1) g(p).</summary>
    private static double LowerTailSeries(double shape, double a, double bx, double u, double cut)
    {
        const int maxTerms = 60;
        Span<double> binomial = stackalloc double[maxTerms], gain = stackalloc double[maxTerms];
        binomial[0] = 1;            // (1−p)^(bx−1): c_{i+1} = −c_i (bx−1−i)/(i+1), scaled by cut^i
        gain[0] = shape * u;        // g(p) = Σ (−1)^k (A)_{k+1} u^{k+1}/(k+1)! p^k, scaled by cut^k
        double sum = 0;
        for (int j = 0; j < maxTerms; j++)
        {
            if (j > 0)
            {
                binomial[j] = -binomial[j - 1] * (bx - j) / j * cut;
                gain[j] = -gain[j - 1] * (shape + j) * u / (j + 1) * cut;
            }
            double d = 0;
            for (int i = 0; i <= j; i++) d += binomial[i] * gain[j - i];
            double term = d / (a + j);
            sum += term;
            if (j > 2 && Math.Abs(term) <= 1e-17 * Math.Abs(sum)) break;
        }
        return sum * Math.Exp(a * Math.Log(cut) - SpecialFunctions.LogBeta(a, bx));
    }

    /// <summary>∫_{1−cut}^1 Beta(p; a, bx) g(p) dp = Σ_j e_j cut^(bx+j)/(bx+j) / B(a, bx), e = coefficients of (1−q)^(a−1) Σ T_k(z) q^k.</summary>
    private static double UpperTailSeries(double shape, double a, double bx, double u, double cut)
    {
        double logPrefactor = bx * Math.Log(cut) - SpecialFunctions.LogBeta(a, bx);
        if (logPrefactor < -745) return 0;
        const int maxTerms = 60;
        Span<double> binomial = stackalloc double[maxTerms], tails = stackalloc double[maxTerms];
        double z = u / (1 + u);
        double logSurvival = -shape * SpecialFunctions.Log1P(u);
        double tail = -SpecialFunctions.ExpM1(logSurvival), mass = Math.Exp(logSurvival);
        binomial[0] = 1;
        tails[0] = tail;
        double sum = 0, scale = 1;
        for (int j = 0; j < maxTerms; j++)
        {
            if (j > 0)
            {
                binomial[j] = -binomial[j - 1] * (a - j) / j * cut;
                mass *= (shape + j - 1) / j * z;
                tail = Math.Max(tail - mass, 0);
                scale *= cut;
                tails[j] = tail * scale;
            }
            double e = 0;
            for (int i = 0; i <= j; i++) e += binomial[i] * tails[j - i];
            double term = e / (bx + j);
            sum += term;
            if (j > 2 && Math.Abs(term) <= 1e-17 * Math.Abs(sum)) break;
        }
        return sum * Math.Exp(logPrefactor);
    }
}
