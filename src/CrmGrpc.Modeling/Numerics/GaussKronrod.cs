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
    /// ∫ f over consecutive pieces [breaks[i], breaks[i+1]], each refined until its error is below
    /// <paramref name="relativeTolerance"/> of the whole integral (estimated from a first pass). Break points at the
    /// integrand's features are what make narrow peaks visible: adaptive bisection alone can step over them.
    /// </summary>
    public static double IntegratePieces(Func<double, double> f, ReadOnlySpan<double> breaks, double relativeTolerance = 1e-13, int maxDepth = 40)
    {
        int pieces = breaks.Length - 1;
        if (pieces <= 0) return 0;
        Span<double> estimates = pieces <= 256 ? stackalloc double[pieces] : new double[pieces];
        Span<double> errors = pieces <= 256 ? stackalloc double[pieces] : new double[pieces];
        double total = 0;
        for (int i = 0; i < pieces; i++)
        {
            estimates[i] = Rule(f, breaks[i], breaks[i + 1], out errors[i]);
            total += Math.Abs(estimates[i]);
        }
        double tolerance = relativeTolerance * total / pieces;
        double sum = 0;
        int budget = MaxRuleApplications;
        for (int i = 0; i < pieces; i++) sum += Refine(f, breaks[i], breaks[i + 1], estimates[i], errors[i], tolerance, maxDepth, ref budget);
        return sum;
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
