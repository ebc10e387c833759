using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.BgBb;

/// <summary>Options for <see cref="BgBbModel.Fit"/>.</summary>
public sealed record BgBbFitOptions
{
    /// <summary>Defaults: no penalty, gradient tolerance 1e-9, 1000 iterations, 400 evaluations, standard errors on, all cores.</summary>
    public static BgBbFitOptions Default { get; } = new();

    /// <summary>L2 penalty, lifetimes' <c>penalizer_coef</c>: the fit minimises −(mean ℓ) + coefficient · (α² + β² + γ² + δ²); 0 is plain maximum likelihood.</summary>
    public double PenalizerCoefficient { get; init; }

    /// <summary>Convergence when every component of the gradient of the objective in log-parameters is below this.</summary>
    public double GradientTolerance { get; init; } = 1e-9;

    /// <summary>BFGS iteration budget.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Likelihood evaluations the whole optimisation may use (each costs the same, so this bounds the fit's time).</summary>
    public int MaxEvaluations { get; init; } = 400;

    /// <summary>Whether to compute standard errors from the observed information (8 more gradient evaluations).</summary>
    public bool ComputeStandardErrors { get; init; } = true;

    /// <summary>Cores used by the likelihood; −1 means all.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    internal void Validate()
    {
        if (!(PenalizerCoefficient >= 0) || !double.IsFinite(PenalizerCoefficient))
            throw new ArgumentException("The penalizer coefficient must be finite and non-negative.", nameof(PenalizerCoefficient));
        if (!(GradientTolerance > 0))
            throw new ArgumentException("The gradient tolerance must be positive.", nameof(GradientTolerance));
        if (MaxIterations <= 0)
            throw new ArgumentException("The iteration budget must be positive.", nameof(MaxIterations));
        if (MaxEvaluations <= 0)
            throw new ArgumentException("The evaluation budget must be positive.", nameof(MaxEvaluations));
        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
            throw new ArgumentException("MaxDegreeOfParallelism must be positive or −1.", nameof(MaxDegreeOfParallelism));
    }
}

/// <summary>Outcome of a BG/BB maximum-likelihood fit.</summary>
/// <param name="Parameters">Estimates.</param>
/// <param name="LogLikelihood">Σ over customers of ℓ at the estimates, without the penalty.</param>
/// <param name="Converged">Whether the optimiser met the gradient tolerance.</param>
/// <param name="Iterations">Optimiser iterations.</param>
/// <param name="StandardErrors">Asymptotic standard errors; null when the information matrix is singular, a parameter is at a
/// limit of its range, or they were not requested.</param>
/// <param name="CustomerCount">Σ of the weights.</param>
/// <param name="Method">The optimiser that produced the estimates.</param>
public sealed record BgBbFitResult(
    BgBbParameters Parameters,
    double LogLikelihood,
    bool Converged,
    int Iterations,
    BgBbStandardErrors? StandardErrors,
    long CustomerCount,
    string Method)
{
    /// <summary>Why the estimates need care (a parameter at a limit of its range, a singular information matrix).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Maximum-likelihood estimation of BG/BB (Fader, Hardie &amp; Shang 2010, §3) on collapsed discrete histories.</summary>
public static class BgBbModel
{
    /// <summary>
    /// The fitting range: every log-parameter stays within ±this (4.5e-5 to 2.2e4). Beyond it the model has reached a
    /// limit — one purchase probability for all (α, β → ∞), one dropout probability for all (γ, δ → ∞), no dropout
    /// (γ → 0) — where the likelihood is flat along a ridge; the fit stops at the edge and says which limit it reached.
    /// </summary>
    public const double LogParameterLimit = 10;

    private static readonly string[] Names = ["α", "β", "γ", "δ"];

    /// <summary>
    /// Fits weighted (x, t_x, n) histories (<see cref="WeightedSummary.Age"/> = n; all whole numbers) by maximising
    /// Σ w ℓ over log-parameters with BFGS and the analytic gradient of <see cref="BgBbLikelihood"/>, from α = β = γ = δ = 1.
    /// Standard errors come from the inverse finite-difference Hessian of the objective by the delta method.
    /// </summary>
    /// <exception cref="ArgumentException">No histories, a history that is not whole numbers with 0 ≤ x ≤ t_x ≤ n (t_x = 0 exactly when x = 0), or invalid options.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static BgBbFitResult Fit(ReadOnlySpan<WeightedSummary> histories, BgBbFitOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= BgBbFitOptions.Default;
        options.Validate();
        if (histories.IsEmpty) throw new ArgumentException("At least one customer is needed to fit the model.", nameof(histories));
        long customers = 0;
        foreach (var history in histories)
        {
            Validate(history, nameof(histories));
            customers += history.Weight;
        }

        var likelihood = new BgBbLikelihood(histories, options.PenalizerCoefficient, options.MaxDegreeOfParallelism, cancellationToken);
        var limits = new double[] { LogParameterLimit, LogParameterLimit, LogParameterLimit, LogParameterLimit };
        var settings = OptimizationSettings.ForFittingRange(options.GradientTolerance, options.MaxIterations, options.MaxEvaluations,
            [.. limits.Select(limit => -limit)], limits, cancellationToken);
        var outcome = Minimizer.Minimize(likelihood, [0, 0, 0, 0], settings);
        var point = outcome.Point;
        settings.Project(point);
        var parameters = new BgBbParameters(Math.Exp(point[0]), Math.Exp(point[1]), Math.Exp(point[2]), Math.Exp(point[3]));

        var warnings = LimitWarnings(point, settings, parameters);
        bool atLimit = warnings.Count > 0;
        BgBbStandardErrors? standardErrors = null;
        if (options.ComputeStandardErrors && !atLimit)
        {
            if (Curvature.LogParameterStandardErrors(likelihood, point, likelihood.TotalWeight, cancellationToken) is { } logErrors)
            {
                standardErrors = new BgBbStandardErrors(parameters.Alpha * logErrors[0], parameters.Beta * logErrors[1],
                    parameters.Gamma * logErrors[2], parameters.Delta * logErrors[3]);
            }
            else
            {
                warnings.Add("The information matrix is singular: the data do not identify every parameter, so standard errors are not reported.");
            }
        }
        if (atLimit) warnings.Add("The estimates are a boundary solution: standard errors are not reported.");

        double logLikelihood = likelihood.LogLikelihood(point);
        bool converged = outcome.Converged && double.IsFinite(logLikelihood);
        return new BgBbFitResult(parameters, logLikelihood, converged, outcome.Iterations, standardErrors, customers, outcome.Method)
        {
            Warnings = warnings.Count == 0 ? Array.Empty<string>() : warnings,
        };
    }

    private static void Validate(WeightedSummary history, string parameterName)
    {
        if (history.Weight <= 0) throw new ArgumentException($"Weight must be positive (got {history.Weight}).", parameterName);
        if (history.Recency != Math.Floor(history.Recency) || history.Age != Math.Floor(history.Age) || history.Age > int.MaxValue - 2)
        {
            throw new ArgumentException(FormattableString.Invariant($"Discrete histories have whole-number t_x and n (got {history.Recency}, {history.Age})."), parameterName);
        }
        BgBbParameters.ValidateHistory(history.Frequency, (int)history.Recency, (int)history.Age);
    }

    private static List<string> LimitWarnings(ReadOnlySpan<double> point, OptimizationSettings settings, BgBbParameters parameters)
    {
        var low = new bool[4];
        var high = new bool[4];
        for (int i = 0; i < 4; i++)
        {
            low[i] = settings.AtLower(point, i);
            high[i] = settings.AtUpper(point, i);
        }
        var warnings = new List<string>();
        var explained = new bool[4];
        if (high[0] && high[1])
        {
            warnings.Add(Invariant($"α = {parameters.Alpha:G3} and β = {parameters.Beta:G3} are at the upper limit of their range: purchase probabilities show no heterogeneity (one p = {parameters.Alpha / (parameters.Alpha + parameters.Beta):G4} for all)."));
            explained[0] = explained[1] = true;
        }
        if (high[2] && high[3])
        {
            warnings.Add(Invariant($"γ = {parameters.Gamma:G3} and δ = {parameters.Delta:G3} are at the upper limit of their range: dropout probabilities show no heterogeneity (one θ = {parameters.Gamma / (parameters.Gamma + parameters.Delta):G4} for all)."));
            explained[2] = explained[3] = true;
        }
        else if (low[2])
        {
            warnings.Add(Invariant($"γ = {parameters.Gamma:G3} is at the lower limit of its range: the book shows no evidence of customers dropping out (θ → 0), so δ is not identified."));
            explained[2] = explained[3] = true;
        }
        for (int i = 0; i < 4; i++)
        {
            if (explained[i] || !(low[i] || high[i])) continue;
            double value = i switch { 0 => parameters.Alpha, 1 => parameters.Beta, 2 => parameters.Gamma, _ => parameters.Delta };
            warnings.Add(Invariant($"{Names[i]} = {value:G3} is at the {(low[i] ? "lower" : "upper")} limit of its range (e^±{LogParameterLimit}): the data do not identify it."));
        }
        return warnings;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
