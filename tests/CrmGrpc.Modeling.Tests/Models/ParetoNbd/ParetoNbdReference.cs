namespace CrmGrpc.Modeling.Tests.Models.ParetoNbd;

/// <summary>
/// Brute-force Pareto/NBD references from the model's defining integrals (Fader, Hardie &amp; Lee 2005 note, eqs. 18,
/// 19, 22), by composite Simpson quadrature in log space: independent of the library's ₂F₁ series and of its
/// integration by parts. Panels are a 400th of the integrand's scale, so the error is far below 1e-10 relative.
/// </summary>
internal static class ParetoNbdReference
{
    /// <summary>ln L = ln Γ(r+x)/Γ(r) + r ln α + s ln β + ln[(α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^T (α+y)^−(r+x) (β+y)^−(s+1) dy].</summary>
    public static double LogLikelihood(double r, double alpha, double s, double beta, int x, double recency, double age)
    {
        double logGammaRatio = 0;
        for (int k = 0; k < x; k++) logGammaRatio += Math.Log(r + k);
        return logGammaRatio + r * Math.Log(alpha) + s * Math.Log(beta) + LogEvidence(r, alpha, s, beta, x, recency, age);
    }

    /// <summary>P(alive) = survival term / evidence.</summary>
    public static double AliveProbability(double r, double alpha, double s, double beta, int x, double recency, double age)
        => Math.Exp(LogSurvival(r, alpha, s, beta, x, age) - LogEvidence(r, alpha, s, beta, x, recency, age));

    /// <summary>E[Y(t) | x, t_x, T] = P(alive) (r+x)/(α+T) ∫_0^t ((β+T)/(β+T+y))^s dy: expected rate × expected time alive.</summary>
    public static double ConditionalExpected(double r, double alpha, double s, double beta, int x, double recency, double age, double horizon)
        => AliveProbability(r, alpha, s, beta, x, recency, age) * (r + x) / (alpha + age) * TimeAlive(s, beta + age, horizon);

    /// <summary>E[X(t)] = r/α ∫_0^t (β/(β+y))^s dy.</summary>
    public static double UnconditionalExpected(double r, double alpha, double s, double beta, double horizon)
        => r / alpha * TimeAlive(s, beta, horizon);

    private static double LogSurvival(double r, double alpha, double s, double beta, int x, double age)
        => -(r + x) * Math.Log(alpha + age) - s * Math.Log(beta + age);

    private static double LogEvidence(double r, double alpha, double s, double beta, int x, double recency, double age)
    {
        double survival = LogSurvival(r, alpha, s, beta, x, age);
        if (recency == age) return survival;
        // y + c = e^u with c = min(α, β): the integrand varies on the scale of the smaller base near y = t_x.
        double c = Math.Min(alpha, beta);
        double logIntegral = LogSimpson(u =>
        {
            double y = Math.Exp(u) - c;
            return -(r + x) * Math.Log(alpha + y) - (s + 1) * Math.Log(beta + y) + u;
        }, Math.Log(c + recency), Math.Log(c + age));
        double second = Math.Log(s) + logIntegral;
        double high = Math.Max(survival, second);
        return high + Math.Log(Math.Exp(survival - high) + Math.Exp(second - high));
    }

    /// <summary>∫_0^t (b/(b+y))^s dy, in u = ln(1 + y/b).</summary>
    private static double TimeAlive(double s, double b, double horizon)
        => Math.Exp(LogSimpson(u => Math.Log(b) + u * (1 - s), 0, Log1P(horizon / b)));

    /// <summary>ln(1+x) with Goldberg's correction (Math.Log(1+x) loses the digits of a tiny x).</summary>
    private static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>
    /// ln ∫ e^{f(u)} du over [from, to] by composite Simpson, the integrand scaled by its largest value. A coarse pass
    /// trims the range to where the integrand is within e^−80 of its peak and sizes the panels to 1/400 of the
    /// steepest log-slope seen, so steep integrands (x in the thousands, s = 1e6) get as fine a grid as flat ones.
    /// </summary>
    private static double LogSimpson(Func<double, double> logIntegrand, double from, double to)
    {
        const int Coarse = 4000;
        double coarseStep = (to - from) / Coarse;
        var coarse = new double[Coarse + 1];
        for (int i = 0; i <= Coarse; i++) coarse[i] = logIntegrand(from + i * coarseStep);
        double peak = coarse.Max();
        int first = Array.FindIndex(coarse, v => v > peak - 80), last = Array.FindLastIndex(coarse, v => v > peak - 80);
        double slope = 1;
        for (int i = Math.Max(1, first); i <= last; i++) slope = Math.Max(slope, Math.Abs(coarse[i] - coarse[i - 1]) / coarseStep);
        double start = from + Math.Max(0, first - 1) * coarseStep, end = from + Math.Min(Coarse, last + 1) * coarseStep;
        int panels = 2 * (int)Math.Clamp(Math.Ceiling(200 * slope * (end - start)), 100_000, 2_000_000);

        double h = (end - start) / panels;
        var values = new double[panels + 1];
        double max = double.NegativeInfinity;
        for (int i = 0; i <= panels; i++)
        {
            values[i] = logIntegrand(start + i * h);
            max = Math.Max(max, values[i]);
        }
        double sum = 0;
        for (int i = 0; i <= panels; i++)
        {
            double weight = i == 0 || i == panels ? 1 : i % 2 == 1 ? 4 : 2;
            sum += weight * Math.Exp(values[i] - max);
        }
        return max + Math.Log(sum * h / 3);
    }
}
