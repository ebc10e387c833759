using System.Globalization;
using System.Runtime.InteropServices;
using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling;

/// <summary>A repeat customer's spend: x repeat transactions with mean value z̄, shared by <paramref name="Weight"/> customers.</summary>
/// <param name="Frequency">x ≥ 1: number of repeat transactions the mean is over.</param>
/// <param name="AverageSpend">z̄ &gt; 0: mean value of those transactions.</param>
/// <param name="Weight">Number of customers with this (x, z̄) (positive).</param>
public readonly record struct SpendHistory(int Frequency, double AverageSpend, int Weight = 1);

/// <summary>Options for <see cref="GammaGammaModel"/> fits.</summary>
public sealed record GammaGammaFitOptions
{
    /// <summary>Defaults: no penalty, gradient tolerance 1e-9, 1000 iterations, standard errors on, all cores.</summary>
    public static GammaGammaFitOptions Default { get; } = new();

    /// <summary>
    /// L2 penalty, lifetimes' <c>penalizer_coef</c>: the fit minimises −(mean log-likelihood) + coefficient · (p² + q² + γ²),
    /// with γ in currency units exactly as lifetimes does (so the same coefficient bites harder on large amounts).
    /// </summary>
    public double PenalizerCoefficient { get; init; }

    /// <summary>Starting point; null starts at p = 1, q = 2, γ = mean spend (so p γ/(q−1) matches the mean).</summary>
    public GammaGammaParameters? InitialParameters { get; init; }

    /// <summary>Convergence when every component of the gradient in log-parameters is below this.</summary>
    public double GradientTolerance { get; init; } = 1e-9;

    /// <summary>BFGS iteration budget.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Likelihood evaluations the optimisation may use in all (see <see cref="BgNbdFitOptions.MaxEvaluations"/>).</summary>
    public int MaxEvaluations { get; init; } = 400;

    /// <summary>Whether to compute standard errors from the observed information.</summary>
    public bool ComputeStandardErrors { get; init; } = true;

    /// <summary>|Pearson correlation| of frequency and spend above which the fit warns about the independence assumption.</summary>
    public double CorrelationWarningThreshold { get; init; } = 0.3;

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
        if (!(CorrelationWarningThreshold >= 0))
            throw new ArgumentException("The correlation threshold must be non-negative.", nameof(CorrelationWarningThreshold));
        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
            throw new ArgumentException("MaxDegreeOfParallelism must be positive or −1.", nameof(MaxDegreeOfParallelism));
    }
}

/// <summary>Outcome of a Gamma-Gamma maximum-likelihood fit.</summary>
/// <param name="Parameters">Estimates.</param>
/// <param name="LogLikelihood">Σ over customers of the log-likelihood (note 025 eq. 1a), without the penalty.</param>
/// <param name="Converged">Whether the optimiser met the gradient tolerance.</param>
/// <param name="Iterations">Optimiser iterations used.</param>
/// <param name="StandardErrors">Asymptotic standard errors; null when the information matrix is singular or not requested.</param>
/// <param name="FrequencySpendCorrelation">Weighted Pearson correlation of x and z̄ over the fitted customers; null when undefined (no variation).</param>
/// <param name="Warnings">Reasons to distrust the model on these data (correlated frequency and spend, q ≤ 1, excluded customers).</param>
/// <param name="CustomerCount">Number of repeat customers fitted.</param>
/// <param name="Method">Optimiser that produced the estimates.</param>
public sealed record GammaGammaFitResult(
    GammaGammaParameters Parameters,
    double LogLikelihood,
    bool Converged,
    int Iterations,
    GammaGammaStandardErrors? StandardErrors,
    double? FrequencySpendCorrelation,
    IReadOnlyList<string> Warnings,
    long CustomerCount,
    string Method)
{
    /// <summary>
    /// Why the spend cannot be described by the Gamma-Gamma model (e.g. every purchase the same amount: p → ∞); null
    /// when the fit is usable. When set, the parameters are the edge of the fitting range the optimiser reached and
    /// must not be used for predictions.
    /// </summary>
    public string? Unusable { get; init; }

    /// <summary>Whether some parameter ended at a limit of its fitting range (named in <see cref="Warnings"/> or <see cref="Unusable"/>).</summary>
    public bool AtLimit { get; init; }

    /// <summary>Likelihood evaluations the optimiser used.</summary>
    public int Evaluations { get; init; }
}

/// <summary>Maximum-likelihood estimation of the Gamma-Gamma spend model on repeat customers' mean spend.</summary>
public static class GammaGammaModel
{
    /// <summary>
    /// The fitting range: ln p and ln q within ±this, ln γ within ±this of the log of the mean spend (γ is in currency
    /// units). At its edge the model has reached a limit — amounts that do not vary within customers (p → ∞), spend
    /// rates that do not vary between customers (q, γ → ∞) — where the likelihood keeps rising along a ridge (towards
    /// +∞ for constant amounts) and an unbounded fit reported absurd values (q = 1e67, log-likelihood +1e61).
    /// </summary>
    public const double LogParameterLimit = 10;

    /// <summary>
    /// Fits the repeat customers (x &gt; 0) among <paramref name="customers"/> on their <see cref="CustomerSummary.MonetaryValue"/>.
    /// Customers without repeat purchases carry no spend information and are skipped; repeat customers whose mean
    /// spend is not positive (refunds) cannot be modelled and are skipped with a warning.
    /// </summary>
    /// <exception cref="ArgumentException">No usable repeat customers, a non-finite spend, or invalid options.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static GammaGammaFitResult Fit(ReadOnlySpan<CustomerSummary> customers, GammaGammaFitOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var histories = new List<SpendHistory>(customers.Length);
        int excluded = 0;
        foreach (var customer in customers)
        {
            if (customer.Frequency < 0) throw new ArgumentException("Frequency must be non-negative.", nameof(customers));
            if (!double.IsFinite(customer.MonetaryValue)) throw new ArgumentException("Monetary values must be finite.", nameof(customers));
            if (customer.Frequency == 0) continue;
            if (customer.MonetaryValue <= 0)
            {
                excluded++;
                continue;
            }
            histories.Add(new SpendHistory(customer.Frequency, customer.MonetaryValue));
        }
        return Fit(CollectionsMarshal.AsSpan(histories), excluded, options, cancellationToken);
    }

    /// <summary>
    /// Fits the repeat customers' spend histories, and warns that <paramref name="excludedNonPositive"/> repeat customers
    /// were left out for a mean spend that is not positive (what <see cref="Fit(ReadOnlySpan{CustomerSummary}, GammaGammaFitOptions?)"/>
    /// does for the customers it skips).
    /// </summary>
    /// <exception cref="ArgumentException">No observations, an invalid one, a negative count, or invalid options.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static GammaGammaFitResult Fit(ReadOnlySpan<SpendHistory> histories, int excludedNonPositive, GammaGammaFitOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(excludedNonPositive);
        var result = Fit(histories, options, cancellationToken);
        if (excludedNonPositive == 0) return result;
        string warning = string.Create(CultureInfo.InvariantCulture,
            $"{excludedNonPositive} repeat customer(s) with a non-positive average spend were excluded from the fit.");
        return result with { Warnings = [.. result.Warnings, warning] };
    }

    /// <summary>
    /// Fits weighted (x, z̄) observations by maximising Σ n ℓ(p, q, γ) (note 025, eq. 1a) over log-parameters with
    /// BFGS and an analytic gradient (Nelder–Mead fallback), with standard errors from the inverse observed
    /// information as for <see cref="BgNbdModel"/>. Also reports the weighted correlation of x and z̄ and warns when
    /// its magnitude exceeds <see cref="GammaGammaFitOptions.CorrelationWarningThreshold"/>, since the model assumes
    /// spend is independent of the purchase process.
    /// The log-parameters stay within ±<see cref="LogParameterLimit"/> (ln γ around the log of the mean spend) and the
    /// optimiser within <see cref="GammaGammaFitOptions.MaxEvaluations"/> evaluations; a fit at a limit has no standard
    /// errors and says which limit, and spend the model cannot describe sets <see cref="GammaGammaFitResult.Unusable"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No observations, x &lt; 1, a non-positive spend or weight, or invalid options.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static GammaGammaFitResult Fit(ReadOnlySpan<SpendHistory> histories, GammaGammaFitOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= GammaGammaFitOptions.Default;
        options.Validate();
        if (histories.IsEmpty) throw new ArgumentException("At least one repeat customer is needed to fit the model.", nameof(histories));
        long customers = 0;
        double weightedSpend = 0;
        foreach (var history in histories)
        {
            ValidateSpend(history.Frequency, history.AverageSpend, nameof(histories));
            if (history.Weight <= 0) throw new ArgumentException("Weights must be positive.", nameof(histories));
            customers += history.Weight;
            weightedSpend += history.Weight * history.AverageSpend;
        }

        var likelihood = new GammaGammaLikelihood(histories, options.PenalizerCoefficient, options.MaxDegreeOfParallelism, cancellationToken);
        double logMeanSpend = Math.Log(weightedSpend / customers);
        double[] start = options.InitialParameters is { } initial
            ? [Math.Log(initial.P), Math.Log(initial.Q), Math.Log(initial.Gamma)]
            : [0, Math.Log(2), logMeanSpend];
        var settings = OptimizationSettings.ForFittingRange(options.GradientTolerance, options.MaxIterations, options.MaxEvaluations,
            [-LogParameterLimit, -LogParameterLimit, logMeanSpend - LogParameterLimit],
            [LogParameterLimit, LogParameterLimit, logMeanSpend + LogParameterLimit], cancellationToken);
        var outcome = Minimizer.Minimize(likelihood, start, settings);
        var point = outcome.Point;
        settings.Project(point);
        var parameters = new GammaGammaParameters(Math.Exp(point[0]), Math.Exp(point[1]), Math.Exp(point[2]));
        var warnings = new List<string>();
        string? unusable = Limits(point, settings, parameters, warnings);
        bool atLimit = unusable is not null || warnings.Count > 0;

        GammaGammaStandardErrors? standardErrors = null;
        if (options.ComputeStandardErrors && !atLimit
            && Curvature.LogParameterStandardErrors(likelihood, point, likelihood.TotalWeight, cancellationToken) is { } logErrors)
        {
            standardErrors = new GammaGammaStandardErrors(
                parameters.P * logErrors[0], parameters.Q * logErrors[1], parameters.Gamma * logErrors[2]);
        }

        double? correlation = WeightedCorrelation(histories);
        if (correlation is { } rho && Math.Abs(rho) > options.CorrelationWarningThreshold)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"Frequency and average spend are correlated (Pearson {rho:F3}, |ρ| > {options.CorrelationWarningThreshold}): the Gamma-Gamma assumption that spend is independent of purchase frequency looks violated."));
        }
        if (parameters.Q <= 1)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"Fitted q = {parameters.Q:G4} ≤ 1: the population mean spend γp/(q−1) does not exist, so customers without repeat purchases have no expected value."));
        }
        double logLikelihood = likelihood.LogLikelihood(point);
        // Never converged on a value that is not a number (the box keeps the parameters finite).
        bool converged = outcome.Converged && double.IsFinite(logLikelihood);
        if (!converged) warnings.Add("The optimiser did not converge; treat the estimates with caution.");
        if (atLimit && unusable is null) warnings.Add("The estimates are a boundary solution: standard errors are not reported.");

        return new GammaGammaFitResult(parameters, logLikelihood, converged, outcome.Iterations,
            standardErrors, correlation, warnings, customers, outcome.Method)
        {
            Unusable = unusable,
            AtLimit = atLimit,
            Evaluations = outcome.Evaluations,
        };
    }

    /// <summary>
    /// Names each log-parameter at a limit of the fitting range: returns why the spend cannot be modelled (p at its
    /// upper limit: amounts that do not vary within customers as gamma-distributed amounts would), and adds a warning
    /// for a usable limit (q, γ → ∞: no variation between customers, every customer's expected spend is the mean).
    /// </summary>
    private static string? Limits(ReadOnlySpan<double> point, OptimizationSettings settings, GammaGammaParameters parameters, List<string> warnings)
    {
        Span<bool> low = stackalloc bool[3];
        Span<bool> high = stackalloc bool[3];
        for (int i = 0; i < 3; i++)
        {
            low[i] = settings.AtLower(point, i);
            high[i] = settings.AtUpper(point, i);
        }
        if (low[2])
        {
            return Invariant($"the spend is not gamma-shaped: the spread of average spend between customers is not that of a gamma mixing distribution, e.g. two or more distinct levels of spend (γ = {parameters.Gamma:G3} reached the lower limit of its range, with p = {parameters.P:G3}, q = {parameters.Q:G3})");
        }
        if (high[0])
        {
            return high[1]
                ? Invariant($"the spend is not gamma-shaped: it shows no variation within or between customers consistent with the gamma distributions of the model (p = {parameters.P:G3} and q = {parameters.Q:G3} reached the limit of their range: nearly every purchase is the same amount)")
                    : Invariant($"the spend is not gamma-shaped: purchase amounts do not vary within customers the way gamma-distributed amounts would (p = {parameters.P:G3} reached the limit of its range: each customer's purchases are nearly the same amount)");
        }
        var explained = new bool[3];
        if (high[1])
        {
            warnings.Add(Invariant($"q = {parameters.Q:G3} is at the upper limit of its range: spend shows no variation between customers beyond chance, so every customer's expected average spend is the population mean {parameters.P * parameters.Gamma / (parameters.Q - 1):G6}."));
            explained[1] = explained[2] = true;
        }
        string[] names = ["p", "q", "γ"];
        for (int i = 0; i < 3; i++)
        {
            if (explained[i] || !(low[i] || high[i])) continue;
            double value = i switch { 0 => parameters.P, 1 => parameters.Q, _ => parameters.Gamma };
            warnings.Add(Invariant($"{names[i]} = {value:G3} is at the {(low[i] ? "lower" : "upper")} limit of its range: the data do not identify it."));
        }
        return null;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    internal static void ValidateSpend(int frequency, double averageSpend, string parameterName)
    {
        if (frequency < 1)
            throw new ArgumentException($"Spend observations need at least one repeat transaction (got x = {frequency}).", parameterName);
        if (!(averageSpend > 0) || !double.IsFinite(averageSpend))
            throw new ArgumentException($"Average spend must be positive and finite (got {averageSpend}).", parameterName);
    }

    private static double? WeightedCorrelation(ReadOnlySpan<SpendHistory> histories)
    {
        double total = 0, meanX = 0, meanM = 0;
        foreach (var h in histories)
        {
            total += h.Weight;
            meanX += h.Weight * (double)h.Frequency;
            meanM += h.Weight * h.AverageSpend;
        }
        meanX /= total;
        meanM /= total;
        double covariance = 0, varianceX = 0, varianceM = 0;
        foreach (var h in histories)
        {
            double dx = h.Frequency - meanX, dm = h.AverageSpend - meanM;
            covariance += h.Weight * dx * dm;
            varianceX += h.Weight * dx * dx;
            varianceM += h.Weight * dm * dm;
        }
        if (!(varianceX > 0) || !(varianceM > 0)) return null;
        return Math.Clamp(covariance / Math.Sqrt(varianceX * varianceM), -1, 1);
    }
}
