namespace CrmGrpc.Modeling.Numerics;

/// <summary>Right-hand side dy/ds = f(s, y) of a small ODE system.</summary>
internal delegate void OdeRightHandSide(double s, ReadOnlySpan<double> y, Span<double> dyds);

/// <summary>
/// Adaptive explicit Runge–Kutta 5(4) of Dormand &amp; Prince (1980) with the standard step-size controller
/// (Hairer, Nørsett &amp; Wanner, <i>Solving ODEs I</i>, §II.4). Used to continue hypergeometric functions
/// towards z = 1, where their power series stop converging.
/// </summary>
internal static class DormandPrince
{
    private const double C2 = 1.0 / 5, C3 = 3.0 / 10, C4 = 4.0 / 5, C5 = 8.0 / 9;
    private const double A21 = 1.0 / 5;
    private const double A31 = 3.0 / 40, A32 = 9.0 / 40;
    private const double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
    private const double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561, A54 = -212.0 / 729;
    private const double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247, A64 = 49.0 / 176, A65 = -5103.0 / 18656;
    private const double B1 = 35.0 / 384, B3 = 500.0 / 1113, B4 = 125.0 / 192, B5 = -2187.0 / 6784, B6 = 11.0 / 84;
    // Differences between the 5th- and embedded 4th-order weights.
    private const double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920, E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;

    private const int MaxDimension = 4;

    /// <summary>
    /// Integrates y from <paramref name="start"/> to <paramref name="end"/> in place.
    /// Returns false if the step budget ran out or the solution stopped being finite.
    /// </summary>
    public static bool Integrate(OdeRightHandSide rhs, Span<double> y, double start, double end,
        double relativeTolerance = 1e-12, int maxSteps = 20_000)
    {
        int n = y.Length;
        if (n > MaxDimension) throw new ArgumentException("System too large for the stack buffers.", nameof(y));
        if (end == start) return true;

        Span<double> k1 = stackalloc double[n], k2 = stackalloc double[n], k3 = stackalloc double[n],
            k4 = stackalloc double[n], k5 = stackalloc double[n], k6 = stackalloc double[n], k7 = stackalloc double[n],
            stage = stackalloc double[n], next = stackalloc double[n];

        double s = start;
        double direction = Math.Sign(end - start);
        double h = direction * Math.Min(Math.Abs(end - start), 0.01);
        rhs(s, y, k1);

        for (int step = 0; step < maxSteps; step++)
        {
            if (direction * (s + h - end) > 0) h = end - s;

            for (int i = 0; i < n; i++) stage[i] = y[i] + h * A21 * k1[i];
            rhs(s + C2 * h, stage, k2);
            for (int i = 0; i < n; i++) stage[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i]);
            rhs(s + C3 * h, stage, k3);
            for (int i = 0; i < n; i++) stage[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
            rhs(s + C4 * h, stage, k4);
            for (int i = 0; i < n; i++) stage[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
            rhs(s + C5 * h, stage, k5);
            for (int i = 0; i < n; i++) stage[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
            rhs(s + h, stage, k6);
            for (int i = 0; i < n; i++) next[i] = y[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
            rhs(s + h, next, k7);

            double errorNorm = 0;
            for (int i = 0; i < n; i++)
            {
                double error = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
                double scale = 1e-300 + relativeTolerance * Math.Max(Math.Abs(y[i]), Math.Abs(next[i]));
                errorNorm = Math.Max(errorNorm, Math.Abs(error) / scale);
            }
            if (double.IsNaN(errorNorm)) return false;

            if (errorNorm <= 1)
            {
                s += h;
                next.CopyTo(y);
                k7.CopyTo(k1); // first-same-as-last: k7 is f at the new point
                if (direction * (s - end) >= 0) return true;
                for (int i = 0; i < n; i++)
                {
                    if (!double.IsFinite(y[i])) return false;
                }
            }
            double factor = errorNorm == 0 ? 5 : Math.Clamp(0.9 * Math.Pow(errorNorm, -0.2), 0.2, 5);
            h *= factor;
            if (Math.Abs(h) < 1e-14 * Math.Max(1, Math.Abs(s))) return false;
        }
        return false;
    }
}
