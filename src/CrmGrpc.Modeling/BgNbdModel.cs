using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling;

/// <summary>Options for <see cref="BgNbdModel.Fit(ReadOnlySpan{WeightedSummary}, BgNbdFitOptions?)"/>.</summary>
public sealed record BgNbdFitOptions
{
    /// <summary>Defaults: no penalty, gradient tolerance 1e-9, 1000 iterations, standard errors on, all cores.</summary>
    public static BgNbdFitOptions Default { get; } = new();

    /// <summary>
    /// L2 penalty, lifetimes' <c>penalizer_coef</c>: the fit minimises
    /// −(mean log-likelihood per customer) + coefficient · (r² + α_s² + a² + b²), where α_s = α / max(T) is α in the
    /// time unit "longest customer age" that lifetimes fits in. 0 (the default) is plain maximum likelihood.
    /// </summary>
    public double PenalizerCoefficient { get; init; }

    /// <summary>Starting point; null starts at lifetimes' default e^0.1 for r, α_s, a, b, or from a sample's fit for a large book.</summary>
    public BgNbdParameters? InitialParameters { get; init; }

    /// <summary>Convergence when every component of the gradient of the objective in log-parameters is below this.</summary>
    public double GradientTolerance { get; init; } = 1e-9;

    /// <summary>BFGS iteration budget (Nelder–Mead gets ten times as many if it has to take over).</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>
    /// Likelihood evaluations the whole optimisation may use (BFGS, a Nelder–Mead fallback and the polish together; a
    /// large book's sample fit has a budget of its own). Each evaluation costs the same, linear in the number of
    /// distinct histories, so this bounds the fit's time whatever the data; spent, the fit stops unconverged.
    /// </summary>
    public int MaxEvaluations { get; init; } = 400;

    /// <summary>Whether to compute standard errors from the observed information (costs 8 gradient evaluations).</summary>
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

/// <summary>Outcome of a BG/NBD maximum-likelihood fit.</summary>
/// <param name="Parameters">Estimates (α in the data's time unit).</param>
/// <param name="LogLikelihood">Σ over customers of the log-likelihood at the estimates, without the penalty.</param>
/// <param name="Converged">Whether the optimiser met the gradient tolerance (projected onto the fitting range: a parameter held at a
/// limit of its range does not count; <see cref="BgNbdFitResult.Warnings"/> then names it).</param>
/// <param name="Iterations">Optimiser iterations used.</param>
/// <param name="StandardErrors">Asymptotic standard errors; null when the information matrix is singular, a parameter is at a
/// limit of its range, or they were not requested.</param>
/// <param name="CustomerCount">Number of customers (sum of weights).</param>
/// <param name="DistinctHistories">Number of weighted histories the likelihood was evaluated over.</param>
/// <param name="Method">Optimiser that produced the estimates ("BFGS", or a Nelder–Mead fallback).</param>
public sealed record BgNbdFitResult(
    BgNbdParameters Parameters,
    double LogLikelihood,
    bool Converged,
    int Iterations,
    BgNbdStandardErrors? StandardErrors,
    long CustomerCount,
    int DistinctHistories,
    string Method)
{
    /// <summary>
    /// Why the estimates need care: a parameter at a limit of its fitting range (a boundary solution, e.g. a book without
    /// any evidence of dropout drives a → 0), with what that limit means for the customers. Empty for an interior fit.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Whether some parameter ended at a limit of its fitting range (see <see cref="Warnings"/>).</summary>
    public bool AtLimit { get; init; }

    /// <summary>Likelihood evaluations the optimiser used (the sample fit's not included).</summary>
    public int Evaluations { get; init; }
}

/// <summary>Maximum-likelihood estimation of the BG/NBD model (Fader, Hardie &amp; Lee 2005, §5).</summary>
public static class BgNbdModel
{
    /// <summary>
    /// The fitting range: every log-parameter (r, α_s = α / max T, a, b) stays within ±this. Beyond e^±10 (4.5e-5 to
    /// 2.2e4) the model has reached one of its limits — no dropout (a → 0), one purchase rate for all (r, α → ∞), one
    /// dropout probability for all (a, b → ∞) — where the likelihood is flat along a ridge and an unbounded optimiser
    /// wanders for minutes. At the edge the fit stops and says which limit it reached. Not wider: the rounding of
    /// ∂f/∂ln r grows with r (±5e-4 at r = e^15 on a 5,000-customer book, ~1e-6 at e^10), and beyond that the
    /// gradient test cannot tell a slope from noise.
    /// </summary>
    public const double LogParameterLimit = 10;

    private static readonly string[] Names = ["r", "α", "a", "b"];

    /// <summary>
    /// Books with more distinct histories than twice this are first fitted on every k-th history, about this many:
    /// the histories are sorted by x, then T, so that is a sample spread over both, its optimum lies close to the
    /// book's, and BFGS started there needs fewer passes over the whole book. The same input gives the same start.
    /// </summary>
    public const int SampleHistories = 20_000;

    /// <summary>Fits customers' (x, t_x, T) summaries, collapsing identical histories first.</summary>
    /// <exception cref="ArgumentException">No customers, an invalid summary, or invalid options.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static BgNbdFitResult Fit(ReadOnlySpan<CustomerSummary> customers, BgNbdFitOptions? options = null,
        CancellationToken cancellationToken = default)
        => Fit(SummaryCollapser.Collapse(customers), options, cancellationToken);

    /// <summary>
    /// Fits weighted histories by maximising Σ n ℓ(r, α, a, b) (eq. 6, in the log-sum-exp form of Hardie's note 027)
    /// over log-parameters with BFGS and an analytic gradient, falling back to Nelder–Mead if the line search stalls.
    /// BFGS starts from lifetimes' default (e^0.1 for r, α_s, a, b), or for a book of more than twice
    /// <see cref="SampleHistories"/> distinct histories from the fit of a sample of them (measured on 529,063: 15
    /// iterations instead of 25, the same optimum to 1e-9).
    /// Standard errors come from the inverse of the finite-difference Hessian of the (penalised, as in lifetimes)
    /// objective, by the delta method: se(θ) = θ · sqrt([H⁻¹]_θθ) with H in log-parameters.
    /// The log-parameters stay within ±<see cref="LogParameterLimit"/> and the optimiser within
    /// <see cref="BgNbdFitOptions.MaxEvaluations"/> evaluations; a fit that ends at a limit of that range has no
    /// standard errors and says which limit in <see cref="BgNbdFitResult.Warnings"/>.
    /// Cancellation is checked before every likelihood evaluation and between its chunks.
    /// </summary>
    /// <exception cref="ArgumentException">No histories, an invalid history, or invalid options.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static BgNbdFitResult Fit(ReadOnlySpan<WeightedSummary> histories, BgNbdFitOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= BgNbdFitOptions.Default;
        options.Validate();
        if (histories.IsEmpty) throw new ArgumentException("At least one customer is needed to fit the model.", nameof(histories));
        long customers = 0;
        foreach (var history in histories)
        {
            history.Validate(nameof(histories));
            customers += history.Weight;
        }

        var likelihood = new BgNbdLikelihood(histories, options.PenalizerCoefficient, options.MaxDegreeOfParallelism, cancellationToken);
        var initialParameters = options.InitialParameters
            ?? (histories.Length > 2 * SampleHistories ? FitSample(histories, options, cancellationToken) : null);
        double[] start = initialParameters is { } initial
            ? [Math.Log(initial.R), Math.Log(initial.Alpha * likelihood.TimeScale), Math.Log(initial.A), Math.Log(initial.B)]
            : [0.1, 0.1, 0.1, 0.1];

        var settings = OptimizationSettings.ForFittingRange(options.GradientTolerance, options.MaxIterations, options.MaxEvaluations,
            [-LogParameterLimit, -LogParameterLimit, -LogParameterLimit, -LogParameterLimit],
            [LogParameterLimit, LogParameterLimit, LogParameterLimit, LogParameterLimit], cancellationToken);
        var outcome = Minimizer.Minimize(likelihood, start, settings);
        var point = outcome.Point;
        settings.Project(point);

        var parameters = new BgNbdParameters(
            Math.Exp(point[0]), Math.Exp(point[1]) / likelihood.TimeScale, Math.Exp(point[2]), Math.Exp(point[3]));
        var warnings = LimitWarnings(point, settings, parameters);
        bool atLimit = warnings.Count > 0;

        BgNbdStandardErrors? standardErrors = null;
        if (options.ComputeStandardErrors && !atLimit
            && Curvature.LogParameterStandardErrors(likelihood, point, likelihood.TotalWeight, cancellationToken) is { } logErrors)
        {
            standardErrors = new BgNbdStandardErrors(
                parameters.R * logErrors[0], parameters.Alpha * logErrors[1], parameters.A * logErrors[2], parameters.B * logErrors[3]);
        }
        if (atLimit) warnings.Add("The estimates are a boundary solution: standard errors are not reported.");

        double logLikelihood = likelihood.LogLikelihood(point);
        // Never converged on a value that is not a number (the box keeps the parameters finite).
        bool converged = outcome.Converged && double.IsFinite(logLikelihood);
        return new BgNbdFitResult(parameters, logLikelihood, converged, outcome.Iterations,
            standardErrors, customers, histories.Length, outcome.Method)
        {
            Warnings = warnings.Count == 0 ? Array.Empty<string>() : warnings, // the shared empty array keeps equal fits equal records
            AtLimit = atLimit,
            Evaluations = outcome.Evaluations,
        };
    }

    /// <summary>What each log-parameter at a limit of the fitting range means; empty for an interior fit.</summary>
    private static List<string> LimitWarnings(ReadOnlySpan<double> point, OptimizationSettings settings, BgNbdParameters parameters)
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
        if (low[2])
        {
            warnings.Add(Invariant($"a = {parameters.A:G3} is at the lower limit of its range: the book shows no evidence of customers dropping out (dropout probability → 0, P(alive) ≈ 1 for everyone), so b is not identified."));
            explained[2] = explained[3] = true;
        }
        else if (high[2] && high[3])
        {
            warnings.Add(Invariant($"a = {parameters.A:G3} and b = {parameters.B:G3} are at the upper limit of their range: every customer has the same dropout probability a/(a+b) = {parameters.A / (parameters.A + parameters.B):G4}."));
            explained[2] = explained[3] = true;
        }
        if (high[0])
        {
            warnings.Add(Invariant($"r = {parameters.R:G3} is at the upper limit of its range: purchase rates show no heterogeneity between customers (one Poisson rate r/α = {parameters.R / parameters.Alpha:G4} for all)."));
            explained[0] = explained[1] = true;
        }
        for (int i = 0; i < 4; i++)
        {
            if (explained[i] || !(low[i] || high[i])) continue;
            double value = i switch { 0 => parameters.R, 1 => parameters.Alpha, 2 => parameters.A, _ => parameters.B };
            warnings.Add(Invariant($"{Names[i]} = {value:G3} is at the {(low[i] ? "lower" : "upper")} limit of its range (e^±{LogParameterLimit} in the fit's scale): the data do not identify it."));
        }
        return warnings;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>The fit of every k-th history (see <see cref="SampleHistories"/>); null when it did not give finite parameters.</summary>
    private static BgNbdParameters? FitSample(ReadOnlySpan<WeightedSummary> histories, BgNbdFitOptions options, CancellationToken cancellationToken)
    {
        var step = histories.Length / SampleHistories;
        var sample = new WeightedSummary[histories.Length / step];
        for (int i = 0; i < sample.Length; i++) sample[i] = histories[i * step];
        var fit = Fit(sample, options with { ComputeStandardErrors = false }, cancellationToken);
        var p = fit.Parameters;
        return double.IsFinite(p.R) && double.IsFinite(p.Alpha) && double.IsFinite(p.A) && double.IsFinite(p.B)
            && p.R > 0 && p.Alpha > 0 && p.A > 0 && p.B > 0
            ? p
            : null;
    }
}
