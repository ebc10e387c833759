namespace CrmGrpc.Modeling.Numerics;

/// <summary>A smooth function to minimise: value and gradient in one pass (they share almost all work).</summary>
internal interface IDifferentiableObjective
{
    int Dimension { get; }

    /// <summary>Returns f(point) and writes ∇f(point). Non-finite values mean "outside the feasible region".</summary>
    double Evaluate(ReadOnlySpan<double> point, Span<double> gradient);
}

internal sealed record OptimizationOutcome(double[] Point, double Value, bool Converged, int Iterations, string Method);

/// <summary>
/// BFGS with a strong-Wolfe line search (Nocedal &amp; Wright, <i>Numerical Optimization</i>, Alg. 6.1, 3.5, 3.6),
/// falling back to Nelder–Mead when the line search cannot make progress (flat or non-smooth regions),
/// and polishing the Nelder–Mead point with BFGS again so the gradient test decides convergence.
/// </summary>
internal static class Minimizer
{
    public static OptimizationOutcome Minimize(IDifferentiableObjective objective, double[] start,
        double gradientTolerance, int maxIterations)
    {
        var bfgs = Bfgs.Minimize(objective, start, gradientTolerance, maxIterations);
        if (bfgs.Converged) return bfgs;

        var simplex = NelderMead.Minimize(objective, bfgs.Point, maxIterations * 10);
        var polished = Bfgs.Minimize(objective, simplex.Point, gradientTolerance, maxIterations);
        int iterations = bfgs.Iterations + simplex.Iterations + polished.Iterations;
        var best = polished.Value <= simplex.Value ? polished : simplex;
        // A collapsed simplex is convergence in its own right when the gradient test is out of reach.
        return new OptimizationOutcome(best.Point, best.Value, polished.Converged || simplex.Converged, iterations,
            polished.Converged ? "BFGS after Nelder-Mead" : "Nelder-Mead");
    }
}

internal static class Bfgs
{
    private const double SufficientDecrease = 1e-4; // Armijo constant c1
    private const double CurvatureCondition = 0.9;  // Wolfe constant c2 for quasi-Newton methods
    private const double MaxStepComponent = 5;      // log-parameters: never jump by more than e^5 in one step
    private const int MaxLineSearchEvaluations = 40;
    private const double FunctionNoise = 1e-13; // relative rounding level of a large sum of log-likelihood terms

    public static OptimizationOutcome Minimize(IDifferentiableObjective objective, double[] start,
        double gradientTolerance, int maxIterations)
    {
        int n = objective.Dimension;
        var x = (double[])start.Clone();
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
        bool freshHessian = true;

        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            if (InfinityNorm(gradient) <= gradientTolerance)
                return new OptimizationOutcome(x, f, true, iteration - 1, "BFGS");

            Multiply(inverseHessian, gradient, direction, -1);
            double slope = Dot(gradient, direction);
            if (!(slope < 0))
            {
                inverseHessian = Identity(n);
                freshHessian = true;
                for (int i = 0; i < n; i++) direction[i] = -gradient[i];
                slope = Dot(gradient, direction);
            }
            double largest = InfinityNorm(direction);
            if (largest > MaxStepComponent)
            {
                double shrink = MaxStepComponent / largest;
                for (int i = 0; i < n; i++) direction[i] *= shrink;
                slope *= shrink;
            }

            if (!LineSearch(objective, x, f, gradient, direction, slope, trial, trialGradient, out double fNew, out double stepLength))
            {
                if (freshHessian)
                    return new OptimizationOutcome(x, f, InfinityNorm(gradient) <= gradientTolerance, iteration, "BFGS");
                inverseHessian = Identity(n); // the curvature model misled the search: restart once from steepest descent
                freshHessian = true;
                continue;
            }

            for (int i = 0; i < n; i++)
            {
                step[i] = stepLength * direction[i];
                gradientChange[i] = trialGradient[i] - gradient[i];
            }
            double curvature = Dot(step, gradientChange);
            if (curvature > 1e-12 * Math.Sqrt(Dot(step, step) * Dot(gradientChange, gradientChange)))
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
        return new OptimizationOutcome(x, f, InfinityNorm(gradient) <= gradientTolerance, maxIterations, "BFGS");
    }

    /// <summary>Strong-Wolfe line search with bracketing and safeguarded quadratic zoom.</summary>
    private static bool LineSearch(IDifferentiableObjective objective, double[] x, double f0, double[] gradient0,
        double[] direction, double slope0, double[] trial, double[] trialGradient, out double fTrial, out double stepLength)
    {
        double previousStep = 0, previousValue = f0, previousSlope = slope0;
        double currentStep = 1;
        fTrial = f0;
        stepLength = 0;
        int evaluations = 0;

        while (evaluations < MaxLineSearchEvaluations)
        {
            double value = EvaluateAt(objective, x, direction, currentStep, trial, trialGradient);
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
                    currentStep, value, trial, trialGradient, ref evaluations, out fTrial, out stepLength);
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
                    previousStep, previousValue, trial, trialGradient, ref evaluations, out fTrial, out stepLength);
            }
            previousStep = currentStep;
            previousValue = value;
            previousSlope = slope;
            currentStep *= 2;
        }
        return false;
    }

    private static bool Zoom(IDifferentiableObjective objective, double[] x, double f0, double slope0, double[] direction,
        double low, double lowValue, double lowSlope, double high, double highValue,
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

            double value = EvaluateAt(objective, x, direction, candidate, trial, trialGradient);
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
            fTrial = EvaluateAt(objective, x, direction, low, trial, trialGradient);
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
        double[] trial, double[] trialGradient)
    {
        for (int i = 0; i < x.Length; i++) trial[i] = x[i] + step * direction[i];
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
    {
        int n = objective.Dimension;
        var scratchGradient = new double[n];
        double Value(double[] point)
        {
            double v = objective.Evaluate(point, scratchGradient);
            return double.IsFinite(v) ? v : double.PositiveInfinity;
        }

        var vertices = new double[n + 1][];
        var values = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            vertices[i] = (double[])start.Clone();
            if (i > 0) vertices[i][i - 1] += InitialStep;
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
