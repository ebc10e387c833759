using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.Sbg;

/// <summary>Options for <see cref="SbgModel.Fit"/>.</summary>
public sealed record SbgFitOptions
{
    /// <summary>Defaults: no penalty, gradient tolerance 1e-10, standard errors on.</summary>
    public static SbgFitOptions Default { get; } = new();

    /// <summary>L2 penalty: the fit minimises −(mean ℓ per customer) + coefficient · (α² + β²); 0 is plain maximum likelihood.</summary>
    public double PenalizerCoefficient { get; init; }

    /// <summary>Convergence when both components of the gradient of the objective in log-parameters are below this.</summary>
    public double GradientTolerance { get; init; } = 1e-10;

    /// <summary>BFGS iteration budget.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Likelihood evaluations the whole optimisation may use.</summary>
    public int MaxEvaluations { get; init; } = 1000;

    /// <summary>Whether to compute standard errors from the observed information.</summary>
    public bool ComputeStandardErrors { get; init; } = true;

    internal void Validate()
    {
        if (!(PenalizerCoefficient >= 0) || !double.IsFinite(PenalizerCoefficient))
            throw new ArgumentException("The penalizer coefficient must be finite and non-negative.", nameof(PenalizerCoefficient));
        if (!(GradientTolerance > 0))
            throw new ArgumentException("The gradient tolerance must be positive.", nameof(GradientTolerance));
        if (MaxIterations <= 0 || MaxEvaluations <= 0)
            throw new ArgumentException("The iteration and evaluation budgets must be positive.", nameof(MaxIterations));
    }
}

/// <summary>Outcome of an sBG maximum-likelihood fit.</summary>
/// <param name="Parameters">Estimates.</param>
/// <param name="LogLikelihood">ln L summed over cohorts at the estimates, without the penalty.</param>
/// <param name="Converged">Whether the optimiser met the gradient tolerance.</param>
/// <param name="Iterations">Optimiser iterations.</param>
/// <param name="StandardErrors">Asymptotic standard errors; null when the information matrix is singular or a parameter is at a limit.</param>
/// <param name="CustomerCount">Customers acquired in the cohorts with at least one period observed.</param>
/// <param name="Method">The optimiser that produced the estimates.</param>
public sealed record SbgFitResult(
    SbgParameters Parameters,
    double LogLikelihood,
    bool Converged,
    int Iterations,
    SbgStandardErrors? StandardErrors,
    long CustomerCount,
    string Method)
{
    /// <summary>Why the estimates need care.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Maximum-likelihood estimation of sBG over acquisition cohorts' survivor counts (FH 2007 §3, one likelihood summed over cohorts).</summary>
public static class SbgModel
{
    /// <summary>The fitting range of ln α and ln β (4.5e-5 to 2.2e4); at its edge the fit says which limit it reached.</summary>
    public const double LogParameterLimit = 10;

    /// <summary>
    /// Fits α and β to every cohort's counts (<see cref="CohortSurvival.AliveAtPeriodStart"/>: [0] acquired, [t] active at
    /// the start of period t) by BFGS over log-parameters with the analytic gradient, from α = β = 1. Each cohort contributes
    /// (n_{t−1} − n_t) ln P(T = t) for t = 1…K and n_K ln S(K).
    /// </summary>
    /// <exception cref="ArgumentException">No cohorts, counts that are negative, increasing or start at 0, or invalid options.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static SbgFitResult Fit(IReadOnlyList<CohortSurvival> cohorts, SbgFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cohorts);
        options ??= SbgFitOptions.Default;
        options.Validate();
        if (cohorts.Count == 0) throw new ArgumentException("At least one cohort is needed to fit the model.", nameof(cohorts));
        foreach (var cohort in cohorts)
        {
            ArgumentNullException.ThrowIfNull(cohort, nameof(cohorts));
            ValidateCounts(cohort.AliveAtPeriodStart, nameof(cohorts));
            if (cohort.AliveAtPeriodStart[0] <= 0) throw new ArgumentException($"Cohort {cohort.Label} acquired no customers.", nameof(cohorts));
        }

        var likelihood = new SbgLikelihood(cohorts, options.PenalizerCoefficient);
        if (likelihood.TotalWeight <= 0) throw new ArgumentException("No cohort has a period observed after acquisition.", nameof(cohorts));
        var settings = OptimizationSettings.ForFittingRange(options.GradientTolerance, options.MaxIterations, options.MaxEvaluations,
            [-LogParameterLimit, -LogParameterLimit], [LogParameterLimit, LogParameterLimit], cancellationToken);
        var outcome = Minimizer.Minimize(likelihood, [0, 0], settings);
        var point = outcome.Point;
        settings.Project(point);
        var parameters = new SbgParameters(Math.Exp(point[0]), Math.Exp(point[1]));

        var warnings = new List<string>();
        bool alphaLow = settings.AtLower(point, 0), alphaHigh = settings.AtUpper(point, 0);
        bool betaLow = settings.AtLower(point, 1), betaHigh = settings.AtUpper(point, 1);
        if (alphaHigh && betaHigh)
        {
            warnings.Add(Invariant($"α = {parameters.Alpha:G3} and β = {parameters.Beta:G3} are at the upper limit of their range: churn probabilities show no heterogeneity (one θ = {parameters.Alpha / (parameters.Alpha + parameters.Beta):G4} for all, a geometric lifetime)."));
        }
        else if (alphaLow || alphaHigh || betaLow || betaHigh)
        {
            if (alphaLow || alphaHigh) warnings.Add(Invariant($"α = {parameters.Alpha:G3} is at the {(alphaLow ? "lower" : "upper")} limit of its range (e^±{LogParameterLimit}): the data do not identify it."));
            if (betaLow || betaHigh) warnings.Add(Invariant($"β = {parameters.Beta:G3} is at the {(betaLow ? "lower" : "upper")} limit of its range (e^±{LogParameterLimit}): the data do not identify it."));
        }
        bool atLimit = warnings.Count > 0;
        SbgStandardErrors? standardErrors = null;
        if (options.ComputeStandardErrors && !atLimit)
        {
            if (Curvature.LogParameterStandardErrors(likelihood, point, likelihood.TotalWeight, cancellationToken) is { } logErrors)
            {
                standardErrors = new SbgStandardErrors(parameters.Alpha * logErrors[0], parameters.Beta * logErrors[1]);
            }
            else
            {
                warnings.Add("The information matrix is singular: the counts do not identify both parameters, so standard errors are not reported.");
            }
        }
        if (atLimit) warnings.Add("The estimates are a boundary solution: standard errors are not reported.");

        double logLikelihood = likelihood.LogLikelihood(point);
        bool converged = outcome.Converged && double.IsFinite(logLikelihood);
        return new SbgFitResult(parameters, logLikelihood, converged, outcome.Iterations, standardErrors, (long)likelihood.TotalWeight, outcome.Method)
        {
            Warnings = warnings.Count == 0 ? Array.Empty<string>() : warnings,
        };
    }

    /// <summary>Throws unless the counts are non-empty, non-negative and non-increasing.</summary>
    internal static void ValidateCounts(ReadOnlySpan<long> counts, string parameterName)
    {
        if (counts.IsEmpty) throw new ArgumentException("A cohort needs at least its acquired count.", parameterName);
        if (counts[0] < 0) throw new ArgumentException($"Counts must be non-negative (got {counts[0]}).", parameterName);
        for (int t = 1; t < counts.Length; t++)
        {
            if (counts[t] < 0 || counts[t] > counts[t - 1])
            {
                throw new ArgumentException($"Active customers must not grow or be negative from one period to the next (period {t}: {counts[t - 1]} then {counts[t]}).", parameterName);
            }
        }
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}

/// <summary>
/// The sBG objective f(θ) = −(Σ ln L)/N + penalizer · (α² + β²) over log-parameters, with its gradient. The cohorts are
/// aggregated first into the customers lost in each period t and those surviving to their last period K, so an
/// evaluation costs O(longest cohort) whatever the number of cohorts or customers.
/// </summary>
internal sealed class SbgLikelihood : IDifferentiableObjective
{
    private readonly double[] _lostIn;      // [t]: customers lost in period t (t ≥ 1), over all cohorts
    private readonly double[] _survivedTo;  // [t]: customers still active at the start of period t, the last a cohort observed
    private readonly double _penalizer;

    public SbgLikelihood(IReadOnlyList<CohortSurvival> cohorts, double penalizer)
    {
        _penalizer = penalizer;
        int longest = cohorts.Max(c => c.AliveAtPeriodStart.Length);
        _lostIn = new double[longest];
        _survivedTo = new double[longest];
        foreach (var cohort in cohorts)
        {
            var counts = cohort.AliveAtPeriodStart;
            if (counts.Length < 2) continue; // no period observed: contributes ln 1
            TotalWeight += counts[0];
            for (int t = 1; t < counts.Length; t++) _lostIn[t] += counts[t - 1] - counts[t];
            _survivedTo[counts.Length - 1] += counts[^1];
        }
    }

    public int Dimension => 2;

    /// <summary>Customers acquired in cohorts with at least one period observed.</summary>
    public double TotalWeight { get; }

    public double Evaluate(ReadOnlySpan<double> point, Span<double> gradient)
    {
        double alpha = Math.Exp(point[0]), beta = Math.Exp(point[1]);
        double logLikelihood = Sum(alpha, beta, out double dAlpha, out double dBeta);
        gradient[0] = alpha * (-dAlpha / TotalWeight + 2 * _penalizer * alpha);
        gradient[1] = beta * (-dBeta / TotalWeight + 2 * _penalizer * beta);
        return -logLikelihood / TotalWeight + _penalizer * (alpha * alpha + beta * beta);
    }

    /// <summary>Σ ln L without penalty at log-parameters.</summary>
    public double LogLikelihood(ReadOnlySpan<double> point) => Sum(Math.Exp(point[0]), Math.Exp(point[1]), out _, out _);

    private double Sum(double alpha, double beta, out double dAlpha, out double dBeta)
    {
        // ln S(t) and its derivatives walked up t; ln P(T = t) = ln S(t−1) + ln α − ln(α+β+t−1).
        double logSurvival = 0, survivalAlpha = 0, survivalBeta = 0;
        double sum = 0;
        dAlpha = 0;
        dBeta = 0;
        double logAlpha = Math.Log(alpha);
        for (int t = 1; t < _lostIn.Length; t++)
        {
            double total = alpha + beta + (t - 1);
            double lost = _lostIn[t];
            if (lost > 0)
            {
                sum += lost * (logSurvival + logAlpha - Math.Log(total));
                dAlpha += lost * (survivalAlpha + 1 / alpha - 1 / total);
                dBeta += lost * (survivalBeta - 1 / total);
            }
            double churn = alpha / total;
            logSurvival += churn < 0.5 ? SpecialFunctions.Log1P(-churn) : Math.Log((beta + (t - 1)) / total);
            survivalAlpha -= 1 / total;
            survivalBeta += 1 / (beta + (t - 1)) - 1 / total;
            double survived = _survivedTo[t];
            if (survived > 0)
            {
                sum += survived * logSurvival;
                dAlpha += survived * survivalAlpha;
                dBeta += survived * survivalBeta;
            }
        }
        return sum;
    }
}
