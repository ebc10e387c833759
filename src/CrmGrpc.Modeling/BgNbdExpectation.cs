using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling;

/// <summary>
/// E[purchases in the next t | alive, x, T] for the BG/NBD model: the second factor of Fader, Hardie &amp; Lee
/// (2005) eq. (10) before it is multiplied by P(alive). With u = t/(α+T), z = u/(1+u), A = r+x and
/// C = a+b+x−1 the paper's form is
/// <code>Q = C/(a−1) · [1 − (1−z)^A ₂F₁(A, b+x; C; z)].</code>
/// That form divides by a−1 (0/0 at a = 1, the heavy-tailed fits near it lose every digit) and lets ₂F₁ overflow
/// for x in the hundreds. Euler's transformation (1−z)^A ₂F₁(A, b+x; C; z) = (1−z)^(a−1) ₂F₁(C−A, a−1; C; z)
/// exposes the factor a−1 inside the series, which gives the cancellation-free equivalent
/// <code>Q = C · (1 − (1−z)^(a−1))/(a−1) − (1−z)^(a−1) · H,   H = Σ_{k≥1} (C−A)_k (a)_{k−1} z^k / ((C+1)_{k−1} k!)</code>
/// whose first part is an expm1 and whose series has no pole for any a, b &gt; 0 (even C ≤ 0).
/// For z near 1 with few purchases the series converges too slowly; there Q is continued from z = 0.9 by
/// integrating dQ/du = A · ₂F₁(A+1, a; C+1; −u) together with that ₂F₁'s own differential equation.
/// When r is far above a+b the series alternates with huge terms; that (detected) case, and any failure of the
/// continuation, falls back to adaptive quadrature of the defining integral over the dropout posterior.
/// </summary>
internal static class BgNbdExpectation
{
    private const int SeriesTermBudget = 4000;
    private const double ContinuationStart = 9; // u = 9 ⇔ z = 0.9: the series still converges in a few hundred terms
    private const double MaxContinuationShape = 100;  // the ODE's fast modes decay like e^(−(r+x+1)s) …
    private const double MaxContinuationScale = 1000; // … and e^(−(a+b+x)s/u): stiff beyond these
    private const double MaxCancellation = 1e5; // largest term / result tolerated before the series is distrusted

    internal enum Method
    {
        Automatic,
        Continuation,
        Quadrature,
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
    /// Series first; where it converges too slowly (z → 1) the ODE continuation; where it or the continuation's
    /// starting values would cancel catastrophically (r far above a+b, so the series alternates with huge terms) a
    /// direct quadrature of Q = E[(1 − (1+pu)^−(r+x))/p] over the Beta(a, b+x) dropout posterior.
    /// </summary>
    internal static double IfAlive(double r, double alpha, double a, double b, int x, double age, double horizon, Method method)
    {
        double u = horizon / (alpha + age);
        if (u == 0) return 0;
        if (method == Method.Automatic && TrySeriesForm(r, a, b, x, u, SeriesTermBudget, out double q)) return Math.Max(q, 0);

        if (method != Method.Quadrature && r + x <= MaxContinuationShape && a + b + x <= MaxContinuationScale)
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
        double logBeta = SpecialFunctions.LogGamma(a) + SpecialFunctions.LogGamma(bx) - SpecialFunctions.LogGamma(a + bx);
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
