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
/// </summary>
internal static class BgNbdExpectation
{
    private const int SeriesTermBudget = 4000;
    private const double ContinuationStart = 9; // u = 9 ⇔ z = 0.9: the series still converges in a few hundred terms

    /// <param name="r">Gamma shape of the purchase rate.</param>
    /// <param name="alpha">Gamma rate (scale of time) of the purchase rate.</param>
    /// <param name="a">First Beta parameter of the dropout probability.</param>
    /// <param name="b">Second Beta parameter of the dropout probability.</param>
    /// <param name="x">Repeat purchases observed.</param>
    /// <param name="age">Customer age T.</param>
    /// <param name="horizon">Forecast length t.</param>
    public static double IfAlive(double r, double alpha, double a, double b, int x, double age, double horizon)
        => IfAlive(r, alpha, a, b, x, age, horizon, forceContinuation: false);

    internal static double IfAlive(double r, double alpha, double a, double b, int x, double age, double horizon, bool forceContinuation)
    {
        double u = horizon / (alpha + age);
        if (u == 0) return 0;
        if (!forceContinuation && TrySeriesForm(r, a, b, x, u, SeriesTermBudget, out double q)) return Math.Max(q, 0);

        double start = Math.Min(ContinuationStart, u / 2);
        if (!TrySeriesForm(r, a, b, x, start, 1_000_000, out double q0)) return double.NaN;
        return Math.Max(Continue(r, a, b, x, start, u, q0), 0);
    }

    private static bool TrySeriesForm(double r, double a, double b, int x, double u, int maxTerms, out double q)
    {
        double c = a + b + x - 1;
        double cMinusA = a + b - 1 - r;
        double z = u / (1 + u);
        double logOneMinusZ = -SpecialFunctions.Log1P(u);
        double delta = a - 1;

        if (!TrySumH(cMinusA, a, c + 1, z, maxTerms, out double h))
        {
            q = double.NaN;
            return false;
        }
        double deltaL = delta * logOneMinusZ;
        // (1 − e^{δL})/δ → −L as δ → 0.
        double relativePower = deltaL == 0 ? -logOneMinusZ : -SpecialFunctions.ExpM1(deltaL) / delta;
        q = c * relativePower - Math.Exp(deltaL) * h;
        return double.IsFinite(q);
    }

    /// <summary>H = Σ_{k≥1} (cMinusA)_k (a)_{k−1} z^k / ((cPlusOne)_{k−1} k!) with the same tail bound as ₂F₁.</summary>
    private static bool TrySumH(double cMinusA, double a, double cPlusOne, double z, int maxTerms, out double sum)
    {
        double term = cMinusA * z;
        sum = term;
        if (term == 0) return true;
        double settledAfter = Math.Max(1, -cMinusA);
        for (int k = 1; k < maxTerms; k++)
        {
            double ratio = (cMinusA + k) * (a + k - 1) / ((cPlusOne + k - 1) * (k + 1)) * z;
            term *= ratio;
            sum += term;
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
}
