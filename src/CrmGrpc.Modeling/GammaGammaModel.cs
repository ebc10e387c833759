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
    string Method);

/// <summary>Maximum-likelihood estimation of the Gamma-Gamma spend model on repeat customers' mean spend.</summary>
public static class GammaGammaModel
{
    private const double LogParameterLimit = 700;

    /// <summary>
    /// Fits the repeat customers (x &gt; 0) among <paramref name="customers"/> on their <see cref="CustomerSummary.MonetaryValue"/>.
    /// Customers without repeat purchases carry no spend information and are skipped; repeat customers whose mean
    /// spend is not positive (refunds) cannot be modelled and are skipped with a warning.
    /// </summary>
    /// <exception cref="ArgumentException">No usable repeat customers, a non-finite spend, or invalid options.</exception>
    public static GammaGammaFitResult Fit(ReadOnlySpan<CustomerSummary> customers, GammaGammaFitOptions? options = null)
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
        return Fit(CollectionsMarshal.AsSpan(histories), excluded, options);
    }

    /// <summary>
    /// Fits the repeat customers' spend histories, and warns that <paramref name="excludedNonPositive"/> repeat customers
    /// were left out for a mean spend that is not positive (what <see cref="Fit(ReadOnlySpan{CustomerSummary}, GammaGammaFitOptions?)"/>
    /// does for the customers it skips).
    /// </summary>
    /// <exception cref="ArgumentException">No observations, an invalid one, a negative count, or invalid options.</exception>
    public static GammaGammaFitResult Fit(ReadOnlySpan<SpendHistory> histories, int excludedNonPositive, GammaGammaFitOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(excludedNonPositive);
        var result = Fit(histories, options);
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
    /// </summary>
    /// <exception cref="ArgumentException">No observations, x &lt; 1, a non-positive spend or weight, or invalid options.</exception>
    public static GammaGammaFitResult Fit(ReadOnlySpan<SpendHistory> histories, GammaGammaFitOptions? options = null)
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

        var likelihood = new GammaGammaLikelihood(histories, options.PenalizerCoefficient, options.MaxDegreeOfParallelism);
        double[] start = options.InitialParameters is { } initial
            ? [Math.Log(initial.P), Math.Log(initial.Q), Math.Log(initial.Gamma)]
            : [0, Math.Log(2), Math.Log(weightedSpend / customers)];
        var outcome = Minimizer.Minimize(likelihood, start, options.GradientTolerance, options.MaxIterations);
        var point = outcome.Point;
        for (int i = 0; i < point.Length; i++) point[i] = Math.Clamp(point[i], -LogParameterLimit, LogParameterLimit);
        var parameters = new GammaGammaParameters(Math.Exp(point[0]), Math.Exp(point[1]), Math.Exp(point[2]));

        GammaGammaStandardErrors? standardErrors = null;
        if (options.ComputeStandardErrors
            && Curvature.LogParameterStandardErrors(likelihood, point, likelihood.TotalWeight) is { } logErrors)
        {
            standardErrors = new GammaGammaStandardErrors(
                parameters.P * logErrors[0], parameters.Q * logErrors[1], parameters.Gamma * logErrors[2]);
        }

        double? correlation = WeightedCorrelation(histories);
        var warnings = new List<string>();
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
        if (!outcome.Converged) warnings.Add("The optimiser did not converge; treat the estimates with caution.");

        return new GammaGammaFitResult(parameters, likelihood.LogLikelihood(point), outcome.Converged, outcome.Iterations,
            standardErrors, correlation, warnings, customers, outcome.Method);
    }

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
