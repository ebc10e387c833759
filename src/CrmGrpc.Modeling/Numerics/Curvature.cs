namespace CrmGrpc.Modeling.Numerics;

/// <summary>Observed information: a finite-difference Hessian of an analytic gradient, and its inverse.</summary>
internal static class Curvature
{
    /// <summary>Step for central differences of the gradient in log-parameter space (error O(h²) ≈ 1e-8 relative).</summary>
    private const double Step = 1e-4;

    /// <summary>Symmetrised central-difference Hessian of <paramref name="objective"/> at <paramref name="point"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked before each gradient).</exception>
    public static double[,] Hessian(IDifferentiableObjective objective, ReadOnlySpan<double> point, CancellationToken cancellationToken = default)
    {
        int n = objective.Dimension;
        var hessian = new double[n, n];
        var shifted = point.ToArray();
        var forward = new double[n];
        var backward = new double[n];
        for (int j = 0; j < n; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            shifted[j] = point[j] + Step;
            objective.Evaluate(shifted, forward);
            cancellationToken.ThrowIfCancellationRequested();
            shifted[j] = point[j] - Step;
            objective.Evaluate(shifted, backward);
            shifted[j] = point[j];
            for (int i = 0; i < n; i++) hessian[i, j] = (forward[i] - backward[i]) / (2 * Step);
        }
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double mean = 0.5 * (hessian[i, j] + hessian[j, i]);
                hessian[i, j] = mean;
                hessian[j, i] = mean;
            }
        }
        return hessian;
    }

    /// <summary>
    /// Inverse of a symmetric matrix by Cholesky factorisation; null when it is not numerically positive definite
    /// (a singular or indefinite information matrix has no meaningful covariance).
    /// </summary>
    public static double[,]? InversePositiveDefinite(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        var lower = new double[n, n];
        double largestDiagonal = 0;
        for (int i = 0; i < n; i++) largestDiagonal = Math.Max(largestDiagonal, Math.Abs(matrix[i, i]));
        if (!(largestDiagonal > 0) || !double.IsFinite(largestDiagonal)) return null;

        for (int j = 0; j < n; j++)
        {
            double diagonal = matrix[j, j];
            for (int k = 0; k < j; k++) diagonal -= lower[j, k] * lower[j, k];
            // Relative pivot test: a pivot at rounding level means the matrix is singular in practice.
            if (!(diagonal > 1e-12 * largestDiagonal)) return null;
            lower[j, j] = Math.Sqrt(diagonal);
            for (int i = j + 1; i < n; i++)
            {
                double sum = matrix[i, j];
                for (int k = 0; k < j; k++) sum -= lower[i, k] * lower[j, k];
                lower[i, j] = sum / lower[j, j];
            }
        }

        // Invert L, then A⁻¹ = L⁻ᵀ L⁻¹.
        var inverseLower = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            inverseLower[i, i] = 1 / lower[i, i];
            for (int j = 0; j < i; j++)
            {
                double sum = 0;
                for (int k = j; k < i; k++) sum -= lower[i, k] * inverseLower[k, j];
                inverseLower[i, j] = sum / lower[i, i];
            }
        }
        var inverse = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = 0;
                for (int k = i; k < n; k++) sum += inverseLower[k, i] * inverseLower[k, j];
                inverse[i, j] = sum;
                inverse[j, i] = sum;
            }
        }
        return inverse;
    }

    /// <summary>
    /// Standard errors of log-parameters: sqrt of the diagonal of the inverse Hessian of the summed objective, given
    /// an objective that is a mean over <paramref name="totalWeight"/> customers. Null when that Hessian is not
    /// positive definite. By the delta method se(θ) = θ · se(ln θ).
    /// </summary>
    public static double[]? LogParameterStandardErrors(IDifferentiableObjective meanObjective, double[] point, double totalWeight,
        CancellationToken cancellationToken = default)
    {
        var hessian = Hessian(meanObjective, point, cancellationToken);
        int n = meanObjective.Dimension;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) hessian[i, j] *= totalWeight; // the objective is a mean; information is a sum
        }
        var covariance = InversePositiveDefinite(hessian);
        if (covariance is null) return null;
        var errors = new double[n];
        for (int i = 0; i < n; i++)
        {
            errors[i] = Math.Sqrt(covariance[i, i]);
            if (!double.IsFinite(errors[i])) return null;
        }
        return errors;
    }
}
