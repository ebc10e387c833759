namespace CrmGrpc.Modeling.Numerics;

/// <summary>Adaptive Gauss–Kronrod (7, 15) quadrature with the QUADPACK nodes (Piessens et al. 1983).</summary>
internal static class GaussKronrod
{
    /// <summary>Hard cap on 15-point rules per integral, so an unreachable tolerance costs milliseconds, not forever.</summary>
    private const int MaxRuleApplications = 4000;

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

    // Gauss weights for the Kronrod nodes with odd index (1, 3, 5, 7).
    private static readonly double[] GaussWeights =
    [
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
    ];

    /// <summary>∫ f over [from, to] to about <paramref name="relativeTolerance"/> of the result, by recursive bisection.</summary>
    public static double Integrate(Func<double, double> f, double from, double to, double relativeTolerance = 1e-13, int maxDepth = 60)
    {
        double whole = Rule(f, from, to, out double error);
        int budget = MaxRuleApplications;
        return Refine(f, from, to, whole, error, relativeTolerance * Math.Abs(whole), maxDepth, ref budget);
    }

    /// <summary>
    /// ∫ f over [from, to], bisecting until each piece's |Kronrod − Gauss| is within <paramref name="absoluteTolerance"/>
    /// (scaled by its share of the interval) or within <paramref name="relativeTolerance"/> of the piece; every 15-point
    /// rule is charged to <paramref name="budget"/>, and pieces are accepted as they are once it is spent.
    /// </summary>
    public static double Integrate(Func<double, double> f, double from, double to, double absoluteTolerance,
        double relativeTolerance, ref int budget)
    {
        budget--;
        double estimate = Rule(f, from, to, out double error);
        return RefineMixed(f, from, to, estimate, error, absoluteTolerance, relativeTolerance, 30, ref budget);
    }

    private static double RefineMixed(Func<double, double> f, double from, double to, double estimate, double error,
        double absoluteTolerance, double relativeTolerance, int depth, ref int budget)
    {
        if (depth == 0 || budget <= 0 || error <= Math.Max(absoluteTolerance, relativeTolerance * Math.Abs(estimate))
            || !double.IsFinite(estimate))
        {
            return estimate;
        }
        double middle = 0.5 * (from + to);
        if (middle <= from || middle >= to) return estimate;
        budget -= 2;
        double left = Rule(f, from, middle, out double leftError);
        double right = Rule(f, middle, to, out double rightError);
        return RefineMixed(f, from, middle, left, leftError, 0.5 * absoluteTolerance, relativeTolerance, depth - 1, ref budget)
            + RefineMixed(f, middle, to, right, rightError, 0.5 * absoluteTolerance, relativeTolerance, depth - 1, ref budget);
    }

    private static double Refine(Func<double, double> f, double from, double to, double estimate, double error,
        double absoluteTolerance, int depth, ref int budget)
    {
        // Rounding makes errors below ~1e-15 of the piece unattainable: stop there rather than recurse forever.
        double attainable = Math.Max(absoluteTolerance, 1e-15 * Math.Abs(estimate));
        if (depth == 0 || budget <= 0 || error <= attainable || !double.IsFinite(estimate)) return estimate;
        double middle = 0.5 * (from + to);
        if (middle <= from || middle >= to) return estimate;
        budget -= 2;
        double left = Rule(f, from, middle, out double leftError);
        double right = Rule(f, middle, to, out double rightError);
        return Refine(f, from, middle, left, leftError, 0.5 * absoluteTolerance, depth - 1, ref budget)
            + Refine(f, middle, to, right, rightError, 0.5 * absoluteTolerance, depth - 1, ref budget);
    }

    private static double Rule(Func<double, double> f, double from, double to, out double error)
    {
        double center = 0.5 * (from + to), halfWidth = 0.5 * (to - from);
        double centerValue = f(center);
        double kronrod = centerValue * KronrodWeights[7];
        double gauss = centerValue * GaussWeights[3];
        for (int i = 0; i < 7; i++)
        {
            double offset = halfWidth * KronrodNodes[i];
            double sum = f(center - offset) + f(center + offset);
            kronrod += KronrodWeights[i] * sum;
            if (i % 2 == 1) gauss += GaussWeights[i / 2] * sum;
        }
        error = Math.Abs((kronrod - gauss) * halfWidth);
        return kronrod * halfWidth;
    }
}
