namespace CrmGrpc.Modeling.Numerics;

/// <summary>A smooth function to minimise: value and gradient in one pass (they share almost all work).</summary>
internal interface IDifferentiableObjective
{
    int Dimension { get; }

    /// <summary>Returns f(point) and writes ∇f(point). Non-finite values mean "outside the feasible region".</summary>
    double Evaluate(ReadOnlySpan<double> point, Span<double> gradient);
}

/// <param name="Point">Best point found (inside the box).</param>
/// <param name="Value">f at that point.</param>
/// <param name="Converged">Whether the projected gradient met the tolerance (or a Nelder–Mead simplex collapsed).</param>
/// <param name="Iterations">Iterations of every method used.</param>
/// <param name="Method">Which method produced the point.</param>
/// <param name="Evaluations">Evaluations of f and ∇f used (at most <see cref="OptimizationSettings.MaxEvaluations"/>).</param>
internal sealed record OptimizationOutcome(double[] Point, double Value, bool Converged, int Iterations, string Method, int Evaluations = 0);

/// <summary>
/// What bounds a minimisation: the gradient tolerance, iteration and evaluation budgets, an optional box and a
/// cancellation token. The evaluation budget bounds the work whatever the data: every evaluation of a likelihood costs
/// the same (it is linear in the number of distinct histories), so the fit's time is at most budget × that cost.
/// </summary>
internal sealed record OptimizationSettings(double GradientTolerance, int MaxIterations)
{
    /// <summary>Evaluations of f and ∇f, over every method, after which the minimiser stops (not converged).</summary>
    public int MaxEvaluations { get; init; } = int.MaxValue;

    /// <summary>Lower corner of the box the point stays in; null for none.</summary>
    public double[]? Lower { get; init; }

    /// <summary>Upper corner of the box the point stays in; null for none.</summary>
    public double[]? Upper { get; init; }

    /// <summary>Checked before every evaluation.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// With a box: a point with a coordinate within this of a face is "at a limit" (0: never). There the likelihood is
    /// flat along a ridge and the rounding of its gradient (which grows with the parameter) can exceed the tolerance,
    /// so the point counts as converged once the projected gradient is below <see cref="LimitGradientTolerance"/>.
    /// </summary>
    public double LimitMargin { get; init; }

    /// <summary>The gradient tolerance at a limit (see <see cref="LimitMargin"/>).</summary>
    public double LimitGradientTolerance { get; init; }

    /// <summary>
    /// At a limit, when no step along the steepest descent lowers f measurably (the line search fails from a fresh
    /// curvature model), the point counts as converged if its projected gradient is below this: f is flat there to its
    /// rounding (a 50,000-customer book without dropout: f changes by 1e-12 across a gradient of 2e-6), and
    /// Nelder–Mead would only wander along the ridge for the rest of the budget.
    /// </summary>
    public double LimitStallTolerance { get; init; }

    /// <summary>A log-parameter within this of the edge of a model's fitting range counts as at its limit (a factor e from it).</summary>
    internal const double FittingRangeLimitMargin = 1;

    /// <summary>
    /// Gradient tolerance once a parameter is at a limit of a fitting range: the rounding of ∂f/∂ln θ grows with θ (about
    /// 1e-6 at θ = e^10), so the default 1e-9 is out of reach there and BFGS would stall.
    /// </summary>
    internal const double FittingRangeLimitGradientTolerance = 1e-6;

    /// <summary>At a limit of a fitting range where f can no longer be lowered measurably, a projected gradient below this is convergence.</summary>
    internal const double FittingRangeLimitStallTolerance = 1e-4;

    /// <summary>
    /// The settings of a model's fit over the log-parameter box [<paramref name="lower"/>, <paramref name="upper"/>] (its
    /// fitting range), with the limit tolerances above: one definition for BG/NBD and Gamma-Gamma.
    /// </summary>
    internal static OptimizationSettings ForFittingRange(
        double gradientTolerance, int maxIterations, int maxEvaluations, double[] lower, double[] upper, CancellationToken cancellationToken) =>
        new(gradientTolerance, maxIterations)
        {
            MaxEvaluations = maxEvaluations,
            Lower = lower,
            Upper = upper,
            CancellationToken = cancellationToken,
            LimitMargin = FittingRangeLimitMargin,
            LimitGradientTolerance = Math.Max(gradientTolerance, FittingRangeLimitGradientTolerance),
            LimitStallTolerance = FittingRangeLimitStallTolerance,
        };

    /// <summary>Whether coordinate <paramref name="i"/> of <paramref name="x"/> is within <see cref="LimitMargin"/> of the box's lower face.</summary>
    internal bool AtLower(ReadOnlySpan<double> x, int i) => LimitMargin > 0 && x[i] <= LowerAt(i) + LimitMargin;

    /// <summary>Whether coordinate <paramref name="i"/> of <paramref name="x"/> is within <see cref="LimitMargin"/> of the box's upper face.</summary>
    internal bool AtUpper(ReadOnlySpan<double> x, int i) => LimitMargin > 0 && x[i] >= UpperAt(i) - LimitMargin;

    /// <summary>Whether a coordinate of <paramref name="x"/> is within <see cref="LimitMargin"/> of a face of the box.</summary>
    internal bool AtLimit(ReadOnlySpan<double> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (AtLower(x, i) || AtUpper(x, i)) return true;
        }
        return false;
    }

    /// <summary>
    /// The convergence test on the free coordinates' gradient (<paramref name="free"/>, see
    /// <see cref="Bfgs.ProjectedGradientNorm"/>): each below <see cref="GradientTolerance"/>, or at a limit each below
    /// <see cref="LimitGradientTolerance"/> (the ridge couples the coordinates: on a book without dropout, α's and a
    /// large r's gradients round like the limit's).
    /// </summary>
    internal bool IsConverged(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, ReadOnlySpan<bool> free)
    {
        double tolerance = AtLimit(x) ? Math.Max(GradientTolerance, LimitGradientTolerance) : GradientTolerance;
        for (int i = 0; i < x.Length; i++)
        {
            if (!free[i]) continue;
            if (!(Math.Abs(gradient[i]) <= tolerance)) return false;
        }
        return true;
    }

    internal double LowerAt(int i) => Lower is null ? double.NegativeInfinity : Lower[i];

    internal double UpperAt(int i) => Upper is null ? double.PositiveInfinity : Upper[i];

    /// <summary>Clamps <paramref name="point"/> into the box.</summary>
    internal void Project(Span<double> point)
    {
        for (int i = 0; i < point.Length; i++) point[i] = Math.Clamp(point[i], LowerAt(i), UpperAt(i));
    }
}

/// <summary>Counts evaluations against the budget and checks cancellation before each one.</summary>
internal sealed class BudgetedObjective(IDifferentiableObjective inner, OptimizationSettings settings) : IDifferentiableObjective
{
    public int Dimension => inner.Dimension;

    public int Evaluations { get; private set; }

    public bool Exhausted => Evaluations >= settings.MaxEvaluations;

    /// <summary>f and ∇f; +∞ (and a NaN gradient) once the budget is spent, which every method treats as a dead end.</summary>
    /// <exception cref="OperationCanceledException">The settings' token was cancelled.</exception>
    public double Evaluate(ReadOnlySpan<double> point, Span<double> gradient)
    {
        settings.CancellationToken.ThrowIfCancellationRequested();
        if (Exhausted)
        {
            gradient.Fill(double.NaN);
            return double.PositiveInfinity;
        }
        Evaluations++;
        return inner.Evaluate(point, gradient);
    }
}

/// <summary>
/// BFGS with a strong-Wolfe line search (Nocedal &amp; Wright, <i>Numerical Optimization</i>, Alg. 6.1, 3.5, 3.6),
/// falling back to Nelder–Mead when the line search cannot make progress (flat or non-smooth regions),
/// and polishing the Nelder–Mead point with BFGS again so the gradient test decides convergence.
/// </summary>
internal static class Minimizer
{
    public static OptimizationOutcome Minimize(IDifferentiableObjective objective, double[] start,
        double gradientTolerance, int maxIterations)
        => Minimize(objective, start, new OptimizationSettings(gradientTolerance, maxIterations));

    /// <summary>
    /// BFGS in the box; if it stalls, Nelder–Mead (ten times the iteration budget) and BFGS again from its point, all
    /// within one evaluation budget.
    /// </summary>
    /// <exception cref="OperationCanceledException">The settings' token was cancelled.</exception>
    public static OptimizationOutcome Minimize(IDifferentiableObjective objective, double[] start, OptimizationSettings settings)
    {
        var budgeted = new BudgetedObjective(objective, settings);
        var bfgs = Bfgs.Minimize(budgeted, start, settings);
        if (bfgs.Converged || budgeted.Exhausted) return bfgs with { Evaluations = budgeted.Evaluations };

        var simplex = NelderMead.Minimize(budgeted, bfgs.Point, settings with { MaxIterations = settings.MaxIterations * 10 });
        var polished = Bfgs.Minimize(budgeted, simplex.Point, settings);
        int iterations = bfgs.Iterations + simplex.Iterations + polished.Iterations;
        var best = polished.Value <= simplex.Value ? polished : simplex;
        // A collapsed simplex is convergence in its own right when the gradient test is out of reach.
        return new OptimizationOutcome(best.Point, best.Value, polished.Converged || simplex.Converged, iterations,
            polished.Converged ? "BFGS after Nelder-Mead" : "Nelder-Mead", budgeted.Evaluations);
    }
}

internal static class Bfgs
{
    private const double SufficientDecrease = 1e-4; // Armijo constant c1
    private const double CurvatureCondition = 0.9;  // Wolfe constant c2 for quasi-Newton methods
    private const double MaxStepComponent = 5;      // log-parameters: never jump by more than e^5 in one step
    private const int MaxLineSearchEvaluations = 15;
    private const double FunctionNoise = 1e-13; // relative rounding level of a large sum of log-likelihood terms

    public static OptimizationOutcome Minimize(IDifferentiableObjective objective, double[] start,
        double gradientTolerance, int maxIterations)
        => Minimize(objective, start, new OptimizationSettings(gradientTolerance, maxIterations));

    /// <summary>
    /// BFGS projected onto the settings' box: a coordinate on a face of the box whose gradient pushes outwards is held
    /// there (its direction and gradient components are zero), a step stops where it meets a face, and convergence
    /// is the projected gradient below the tolerance. Without a box this is plain BFGS.
    /// </summary>
    public static OptimizationOutcome Minimize(IDifferentiableObjective objective, double[] start, OptimizationSettings settings)
    {
        int n = objective.Dimension;
        var x = (double[])start.Clone();
        settings.Project(x);
        var gradient = new double[n];
        double f = objective.Evaluate(x, gradient);
        if (!double.IsFinite(f) || !AllFinite(gradient))
            return new OptimizationOutcome(x, double.PositiveInfinity, false, 0, "BFGS");

        var inverseHessian = Identity(n);
        var direction = new double[n];
        var trial = new double[n];
        var trialGradient = new double[n];
        var step = new double[n];
        var gradientChange = new double[n];
        var free = new bool[n];
        bool freshHessian = true;

        for (int iteration = 1; iteration <= settings.MaxIterations; iteration++)
        {
            if (IsConverged(x, gradient, settings, free))
                return new OptimizationOutcome(x, f, true, iteration - 1, "BFGS");
            if (objective is BudgetedObjective { Exhausted: true })
                return new OptimizationOutcome(x, f, false, iteration - 1, "BFGS");

            FreeDirection(inverseHessian, gradient, free, direction);
            HoldAtFaces(x, direction, settings);
            double slope = Dot(gradient, direction);
            if (!(slope < 0))
            {
                inverseHessian = Identity(n);
                freshHessian = true;
                for (int i = 0; i < n; i++) direction[i] = free[i] ? -gradient[i] : 0;
                HoldAtFaces(x, direction, settings);
                slope = Dot(gradient, direction);
                if (!(slope < 0)) return new OptimizationOutcome(x, f, false, iteration, "BFGS");
            }
            double largest = InfinityNorm(direction);
            if (largest > MaxStepComponent)
            {
                double shrink = MaxStepComponent / largest;
                for (int i = 0; i < n; i++) direction[i] *= shrink;
                slope *= shrink;
            }
            double maxStep = StepToFace(x, direction, settings);

            if (!LineSearch(objective, x, f, gradient, direction, slope, maxStep, settings, trial, trialGradient, out double fNew, out _))
            {
                if (freshHessian)
                {
                    bool converged = IsConverged(x, gradient, settings, free)
                        || (settings.AtLimit(x) && ProjectedGradientNorm(x, gradient, settings, free) <= settings.LimitStallTolerance);
                    return new OptimizationOutcome(x, f, converged, iteration, "BFGS");
                }
                inverseHessian = Identity(n); // the curvature model misled the search: restart once from steepest descent
                freshHessian = true;
                continue;
            }

            bool reachedFace = false;
            for (int i = 0; i < n; i++)
            {
                step[i] = trial[i] - x[i];
                // Only free coordinates carry curvature information; held ones stay out of the update.
                gradientChange[i] = free[i] ? trialGradient[i] - gradient[i] : 0;
                if (trial[i] != x[i] && (trial[i] == settings.LowerAt(i) || trial[i] == settings.UpperAt(i))) reachedFace = true;
            }
            double curvature = Dot(step, gradientChange);
            if (reachedFace)
            {
                // The set of held coordinates changes: the curvature model of the old free space no longer applies.
                inverseHessian = Identity(n);
                freshHessian = true;
            }
            else if (curvature > 1e-12 * Math.Sqrt(Dot(step, step) * Dot(gradientChange, gradientChange)))
            {
                if (freshHessian)
                {
                    // Scale the initial inverse Hessian to the observed curvature (N&W eq. 6.20).
                    double scale = curvature / Dot(gradientChange, gradientChange);
                    for (int i = 0; i < n; i++) inverseHessian[i, i] = scale;
                }
                UpdateInverse(inverseHessian, step, gradientChange, 1 / curvature);
                freshHessian = false;
            }

            Array.Copy(trial, x, n);
            Array.Copy(trialGradient, gradient, n);
            f = fNew;
        }
        return new OptimizationOutcome(x, f,
            IsConverged(x, gradient, settings, free), settings.MaxIterations, "BFGS");
    }

    private static bool IsConverged(double[] x, double[] gradient, OptimizationSettings settings, bool[] free)
    {
        ProjectedGradientNorm(x, gradient, settings, free);
        return settings.IsConverged(x, gradient, free);
    }

    /// <summary>
    /// The largest gradient component over the free coordinates; a coordinate on a face whose gradient pushes out of
    /// the box is held (not free) and does not count.
    /// </summary>
    internal static double ProjectedGradientNorm(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, OptimizationSettings settings, Span<bool> free)
    {
        double max = 0;
        for (int i = 0; i < x.Length; i++)
        {
            free[i] = !(x[i] <= settings.LowerAt(i) && gradient[i] > 0) && !(x[i] >= settings.UpperAt(i) && gradient[i] < 0);
            if (free[i]) max = Math.Max(max, Math.Abs(gradient[i]));
        }
        return max;
    }

    /// <summary>−H g over the free coordinates (H's free block), 0 for held ones.</summary>
    private static void FreeDirection(double[,] inverseHessian, double[] gradient, bool[] free, double[] direction)
    {
        for (int i = 0; i < direction.Length; i++)
        {
            double sum = 0;
            if (free[i])
            {
                for (int j = 0; j < direction.Length; j++)
                {
                    if (free[j]) sum -= inverseHessian[i, j] * gradient[j];
                }
            }
            direction[i] = sum;
        }
    }

    /// <summary>A free coordinate on a face may still be pointed outwards by the curvature model: it stays put.</summary>
    private static void HoldAtFaces(double[] x, double[] direction, OptimizationSettings settings)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if ((x[i] <= settings.LowerAt(i) && direction[i] < 0) || (x[i] >= settings.UpperAt(i) && direction[i] > 0)) direction[i] = 0;
        }
    }

    /// <summary>The step length along <paramref name="direction"/> at which the first coordinate meets a face (∞ for none).</summary>
    private static double StepToFace(double[] x, double[] direction, OptimizationSettings settings)
    {
        double maxStep = double.PositiveInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            if (direction[i] > 0) maxStep = Math.Min(maxStep, (settings.UpperAt(i) - x[i]) / direction[i]);
            else if (direction[i] < 0) maxStep = Math.Min(maxStep, (settings.LowerAt(i) - x[i]) / direction[i]);
        }
        return maxStep;
    }

    /// <summary>Strong-Wolfe line search with bracketing and safeguarded quadratic zoom.</summary>
    /// <remarks>Steps never exceed <paramref name="maxStep"/>, where a coordinate meets a face of the box; a step there
    /// with sufficient decrease and f still falling is taken (the coordinate is then held on the face).</remarks>
    private static bool LineSearch(IDifferentiableObjective objective, double[] x, double f0, double[] gradient0,
        double[] direction, double slope0, double maxStep, OptimizationSettings settings, double[] trial, double[] trialGradient,
        out double fTrial, out double stepLength)
    {
        double previousStep = 0, previousValue = f0, previousSlope = slope0;
        double currentStep = Math.Min(1, maxStep);
        fTrial = f0;
        stepLength = 0;
        int evaluations = 0;

        while (evaluations < MaxLineSearchEvaluations)
        {
            double value = EvaluateAt(objective, x, direction, currentStep, settings, trial, trialGradient);
            double slope = Dot(trialGradient, direction);
            evaluations++;

            if (IsApproximateWolfePoint(f0, slope0, value, slope))
            {
                fTrial = value;
                stepLength = currentStep;
                return true;
            }
            if (!double.IsFinite(value) || value > f0 + SufficientDecrease * currentStep * slope0
                || (evaluations > 1 && value >= previousValue))
            {
                return Zoom(objective, x, f0, slope0, direction, previousStep, previousValue, previousSlope,
                    currentStep, value, settings, trial, trialGradient, ref evaluations, out fTrial, out stepLength);
            }
            if (Math.Abs(slope) <= -CurvatureCondition * slope0)
            {
                fTrial = value;
                stepLength = currentStep;
                return true;
            }
            if (slope >= 0)
            {
                return Zoom(objective, x, f0, slope0, direction, currentStep, value, slope,
                    previousStep, previousValue, settings, trial, trialGradient, ref evaluations, out fTrial, out stepLength);
            }
            if (currentStep >= maxStep)
            {
                fTrial = value;
                stepLength = currentStep;
                return true;
            }
            previousStep = currentStep;
            previousValue = value;
            previousSlope = slope;
            currentStep = Math.Min(2 * currentStep, maxStep);
        }
        return false;
    }

    private static bool Zoom(IDifferentiableObjective objective, double[] x, double f0, double slope0, double[] direction,
        double low, double lowValue, double lowSlope, double high, double highValue, OptimizationSettings settings,
        double[] trial, double[] trialGradient, ref int evaluations, out double fTrial, out double stepLength)
    {
        while (evaluations < MaxLineSearchEvaluations && Math.Abs(high - low) > 1e-16 * Math.Max(1, Math.Abs(low)))
        {
            double width = high - low;
            double candidate = low + 0.5 * width;
            if (double.IsFinite(highValue))
            {
                // Minimiser of the quadratic through (low, lowValue, lowSlope) and (high, highValue).
                double curvatureTerm = highValue - lowValue - lowSlope * width;
                if (curvatureTerm > 0) candidate = low - lowSlope * width * width / (2 * curvatureTerm);
            }
            double lowerBound = Math.Min(low, high) + 0.1 * Math.Abs(width);
            double upperBound = Math.Max(low, high) - 0.1 * Math.Abs(width);
            if (!(candidate >= lowerBound && candidate <= upperBound)) candidate = low + 0.5 * width;

            double value = EvaluateAt(objective, x, direction, candidate, settings, trial, trialGradient);
            double slope = Dot(trialGradient, direction);
            evaluations++;

            if (IsApproximateWolfePoint(f0, slope0, value, slope))
            {
                fTrial = value;
                stepLength = candidate;
                return true;
            }
            if (!double.IsFinite(value) || value > f0 + SufficientDecrease * candidate * slope0 || value >= lowValue)
            {
                high = candidate;
                highValue = value;
            }
            else
            {
                if (Math.Abs(slope) <= -CurvatureCondition * slope0)
                {
                    fTrial = value;
                    stepLength = candidate;
                    return true;
                }
                if (slope * (high - low) >= 0)
                {
                    high = low;
                    highValue = lowValue;
                }
                low = candidate;
                lowValue = value;
                lowSlope = slope;
            }
        }

        // No point met the curvature condition, but one with sufficient decrease is still progress.
        if (low > 0 && lowValue < f0)
        {
            fTrial = EvaluateAt(objective, x, direction, low, settings, trial, trialGradient);
            stepLength = low;
            return double.IsFinite(fTrial);
        }
        fTrial = f0;
        stepLength = 0;
        return false;
    }

    /// <summary>
    /// Hager &amp; Zhang's (2005) approximate Wolfe test: close to the optimum, changes in f drop below its rounding
    /// error (sums over millions of customers), so sufficient decrease can no longer be verified from f. A step that
    /// leaves f unchanged within that noise and shrinks the directional derivative enough is accepted on the strength
    /// of the (much more accurate) gradient, which lets BFGS reach tight gradient tolerances.
    /// </summary>
    private static bool IsApproximateWolfePoint(double f0, double slope0, double value, double slope)
        => double.IsFinite(value)
            && Math.Abs(value - f0) <= FunctionNoise * Math.Abs(f0)
            && slope >= CurvatureCondition * slope0
            && slope <= -(1 - 2 * SufficientDecrease) * slope0;

    private static double EvaluateAt(IDifferentiableObjective objective, double[] x, double[] direction, double step,
        OptimizationSettings settings, double[] trial, double[] trialGradient)
    {
        for (int i = 0; i < x.Length; i++) trial[i] = x[i] + step * direction[i];
        settings.Project(trial); // the step to a face lands on it exactly, whatever the rounding
        double value = objective.Evaluate(trial, trialGradient);
        return double.IsFinite(value) && AllFinite(trialGradient) ? value : double.PositiveInfinity;
    }

    private static void UpdateInverse(double[,] h, double[] s, double[] y, double rho)
    {
        // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, expanded to avoid temporaries (n ≤ 4).
        int n = s.Length;
        Span<double> hy = stackalloc double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += h[i, j] * y[j];
            hy[i] = sum;
        }
        double yHy = 0;
        for (int i = 0; i < n; i++) yHy += y[i] * hy[i];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                h[i, j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
            }
        }
    }

    private static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++) m[i, i] = 1;
        return m;
    }

    private static void Multiply(double[,] m, double[] v, double[] result, double factor)
    {
        int n = v.Length;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += m[i, j] * v[j];
            result[i] = factor * sum;
        }
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    internal static double InfinityNorm(ReadOnlySpan<double> v)
    {
        double max = 0;
        foreach (double value in v) max = Math.Max(max, Math.Abs(value));
        return max;
    }

    private static bool AllFinite(ReadOnlySpan<double> v)
    {
        foreach (double value in v)
        {
            if (!double.IsFinite(value)) return false;
        }
        return true;
    }
}

/// <summary>Derivative-free simplex search (Nelder &amp; Mead 1965; Lagarias et al. 1998 conventions).</summary>
internal static class NelderMead
{
    private const double InitialStep = 0.5;

    public static OptimizationOutcome Minimize(IDifferentiableObjective objective, double[] start, int maxIterations)
        => Minimize(objective, start, new OptimizationSettings(0, maxIterations));

    /// <summary>Nelder–Mead with every point it tries clamped into the settings' box; stops when the budget is spent.</summary>
    public static OptimizationOutcome Minimize(IDifferentiableObjective objective, double[] start, OptimizationSettings settings)
    {
        int n = objective.Dimension;
        int maxIterations = settings.MaxIterations;
        var scratchGradient = new double[n];
        double Value(double[] point)
        {
            settings.Project(point);
            double v = objective.Evaluate(point, scratchGradient);
            return double.IsFinite(v) ? v : double.PositiveInfinity;
        }

        var vertices = new double[n + 1][];
        var values = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            vertices[i] = (double[])start.Clone();
            settings.Project(vertices[i]);
            if (i > 0)
            {
                // Away from the face the start may sit on, so the simplex keeps its volume.
                bool down = vertices[i][i - 1] + InitialStep > settings.UpperAt(i - 1);
                vertices[i][i - 1] += down ? -InitialStep : InitialStep;
            }
            values[i] = Value(vertices[i]);
        }

        var centroid = new double[n];
        var reflected = new double[n];
        var moved = new double[n];
        int iteration = 0;
        bool converged = false;
        for (; iteration < maxIterations; iteration++)
        {
            SortByValue(vertices, values);
            if (objective is BudgetedObjective { Exhausted: true }) break;
            if (HasCollapsed(vertices, values))
            {
                converged = true;
                break;
            }

            Array.Clear(centroid);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++) centroid[j] += vertices[i][j] / n;
            }
            var worst = vertices[n];
            for (int j = 0; j < n; j++) reflected[j] = centroid[j] + (centroid[j] - worst[j]);
            double reflectedValue = Value(reflected);

            if (reflectedValue < values[0])
            {
                for (int j = 0; j < n; j++) moved[j] = centroid[j] + 2 * (centroid[j] - worst[j]);
                double expandedValue = Value(moved);
                if (expandedValue < reflectedValue) Replace(vertices, values, n, moved, expandedValue);
                else Replace(vertices, values, n, reflected, reflectedValue);
            }
            else if (reflectedValue < values[n - 1])
            {
                Replace(vertices, values, n, reflected, reflectedValue);
            }
            else
            {
                bool outside = reflectedValue < values[n];
                for (int j = 0; j < n; j++)
                {
                    moved[j] = outside ? centroid[j] + 0.5 * (reflected[j] - centroid[j]) : centroid[j] + 0.5 * (worst[j] - centroid[j]);
                }
                double contractedValue = Value(moved);
                if (contractedValue < Math.Min(reflectedValue, values[n]))
                {
                    Replace(vertices, values, n, moved, contractedValue);
                }
                else
                {
                    for (int i = 1; i <= n; i++)
                    {
                        for (int j = 0; j < n; j++) vertices[i][j] = vertices[0][j] + 0.5 * (vertices[i][j] - vertices[0][j]);
                        values[i] = Value(vertices[i]);
                    }
                }
            }
        }
        SortByValue(vertices, values);
        return new OptimizationOutcome(vertices[0], values[0], converged, iteration, "Nelder-Mead");
    }

    private static bool HasCollapsed(double[][] vertices, double[] values)
    {
        int n = values.Length - 1;
        double valueSpread = values[n] - values[0];
        if (!(valueSpread <= 1e-13 * (Math.Abs(values[0]) + 1e-13))) return false;
        double size = 0;
        for (int i = 1; i <= n; i++)
        {
            for (int j = 0; j < n; j++) size = Math.Max(size, Math.Abs(vertices[i][j] - vertices[0][j]));
        }
        return size <= 1e-9;
    }

    private static void Replace(double[][] vertices, double[] values, int index, double[] point, double value)
    {
        Array.Copy(point, vertices[index], point.Length);
        values[index] = value;
    }

    private static void SortByValue(double[][] vertices, double[] values)
    {
        // Insertion sort: n+1 ≤ 5 vertices.
        for (int i = 1; i < values.Length; i++)
        {
            double value = values[i];
            var vertex = vertices[i];
            int j = i - 1;
            while (j >= 0 && values[j] > value)
            {
                values[j + 1] = values[j];
                vertices[j + 1] = vertices[j];
                j--;
            }
            values[j + 1] = value;
            vertices[j + 1] = vertex;
        }
    }
}
