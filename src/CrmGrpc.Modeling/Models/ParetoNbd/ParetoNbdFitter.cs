using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.ParetoNbd;

/// <summary>Maximum-likelihood estimation of the Pareto/NBD model, on BG/NBD's pattern (<see cref="BgNbdModel"/>).</summary>
internal static class ParetoNbdFitter
{
    /// <summary>Every log-parameter (r, α_s, s, β_s; α_s = α / max T) stays within ±this, as for BG/NBD.</summary>
    public const double LogParameterLimit = 10;

    /// <summary>Books with more distinct histories than twice this start from the fit of every k-th history.</summary>
    public const int SampleHistories = 20_000;

    /// <summary>Likelihood evaluations the optimisation may use: bounds the fit's time whatever the data.</summary>
    public const int MaxEvaluations = 400;

    private const double GradientTolerance = 1e-9;
    private const int MaxIterations = 1000;

    public static ModelFit Fit(ReadOnlySpan<WeightedSummary> histories, double penalizer, int maxDegreeOfParallelism,
        IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var (parameters, point, outcome, likelihood, settings) = Optimize(histories, penalizer, maxDegreeOfParallelism, null, cancellationToken);
        var warnings = LimitWarnings(point, settings, parameters, names);
        bool atLimit = warnings.Count > 0;

        ParameterSet? errors = null;
        if (!atLimit)
        {
            if (Curvature.LogParameterStandardErrors(likelihood, point, likelihood.TotalWeight, cancellationToken) is { } logErrors)
            {
                errors = new ParameterSet(names, [parameters.R * logErrors[0], parameters.Alpha * logErrors[1], parameters.S * logErrors[2], parameters.Beta * logErrors[3]]);
            }
            else
            {
                warnings.Add("The information matrix is singular at the estimates: standard errors are not reported.");
            }
        }
        else
        {
            warnings.Add("The estimates are a boundary solution: standard errors are not reported.");
        }

        double logLikelihood = likelihood.LogLikelihood(point);
        double[] values = [parameters.R, parameters.Alpha, parameters.S, parameters.Beta];
        if (!double.IsFinite(logLikelihood) || values.Any(v => !double.IsFinite(v)))
        {
            throw new ModelFitException("the Pareto/NBD fit on these data did not give finite estimates; the book cannot be modelled as it is");
        }
        if (!outcome.Converged)
        {
            warnings.Insert(0, $"the optimiser ({outcome.Method}) stopped after {outcome.Iterations} iterations without meeting its tolerance");
        }
        long customers = 0;
        foreach (var history in histories) customers += history.Weight;
        return new ModelFit(ModelKind.ParetoNbd, new ParameterSet(names, values), errors, logLikelihood, customers, outcome.Converged, outcome.Iterations)
        {
            Warnings = warnings,
        };
    }

    private static (ParetoNbdParameters Parameters, double[] Point, OptimizationOutcome Outcome, ParetoNbdLikelihood Likelihood, OptimizationSettings Settings) Optimize(
        ReadOnlySpan<WeightedSummary> histories, double penalizer, int maxDegreeOfParallelism, ParetoNbdParameters? initial,
        CancellationToken cancellationToken)
    {
        var likelihood = new ParetoNbdLikelihood(histories, penalizer, maxDegreeOfParallelism, cancellationToken);
        initial ??= histories.Length > 2 * SampleHistories ? FitSample(histories, penalizer, maxDegreeOfParallelism, cancellationToken) : null;
        double[] start = initial is { } p
            ? [Math.Log(p.R), Math.Log(p.Alpha * likelihood.TimeScale), Math.Log(p.S), Math.Log(p.Beta * likelihood.TimeScale)]
            : [0.1, 0.1, 0.1, 0.1];
        var settings = OptimizationSettings.ForFittingRange(GradientTolerance, MaxIterations, MaxEvaluations,
            [-LogParameterLimit, -LogParameterLimit, -LogParameterLimit, -LogParameterLimit],
            [LogParameterLimit, LogParameterLimit, LogParameterLimit, LogParameterLimit], cancellationToken);
        var outcome = Minimizer.Minimize(likelihood, start, settings);
        var point = outcome.Point;
        settings.Project(point);
        var parameters = new ParetoNbdParameters(Math.Exp(point[0]), Math.Exp(point[1]) / likelihood.TimeScale,
            Math.Exp(point[2]), Math.Exp(point[3]) / likelihood.TimeScale);
        return (parameters, point, outcome, likelihood, settings);
    }

    /// <summary>The fit of every k-th history (sorted by x, then T: a sample spread over both), a start close to the book's optimum.</summary>
    private static ParetoNbdParameters FitSample(ReadOnlySpan<WeightedSummary> histories, double penalizer, int maxDegreeOfParallelism,
        CancellationToken cancellationToken)
    {
        int step = histories.Length / SampleHistories;
        var sample = new WeightedSummary[histories.Length / step];
        for (int i = 0; i < sample.Length; i++) sample[i] = histories[i * step];
        return Optimize(sample, penalizer, maxDegreeOfParallelism, null, cancellationToken).Parameters;
    }

    private static List<string> LimitWarnings(double[] point, OptimizationSettings settings, ParetoNbdParameters parameters, IReadOnlyList<string> names)
    {
        var warnings = new List<string>();
        double[] values = [parameters.R, parameters.Alpha, parameters.S, parameters.Beta];
        bool[] explained = new bool[4];
        if (settings.AtUpper(point, 0))
        {
            warnings.Add(Invariant($"r = {parameters.R:G3} is at the upper limit of its range: purchase rates show no heterogeneity between customers (one Poisson rate r/α = {parameters.R / parameters.Alpha:G4} for all)."));
            explained[0] = explained[1] = true;
        }
        if (settings.AtUpper(point, 2))
        {
            warnings.Add(Invariant($"s = {parameters.S:G3} is at the upper limit of its range: dropout rates show no heterogeneity between customers (one rate s/β = {parameters.S / parameters.Beta:G4} for all)."));
            explained[2] = explained[3] = true;
        }
        else if (settings.AtLower(point, 2) || settings.AtUpper(point, 3))
        {
            warnings.Add(Invariant($"s = {parameters.S:G3}, β = {parameters.Beta:G3}: the book shows almost no evidence of customers dropping out (mean dropout rate s/β = {parameters.S / parameters.Beta:G3}, P(alive) ≈ 1)."));
            explained[2] = explained[3] = true;
        }
        for (int i = 0; i < 4; i++)
        {
            bool low = settings.AtLower(point, i), high = settings.AtUpper(point, i);
            if (explained[i] || !(low || high)) continue;
            warnings.Add(Invariant($"{names[i]} = {values[i]:G3} is at the {(low ? "lower" : "upper")} limit of its range (e^±{LogParameterLimit} in the fit's scale): the data do not identify it."));
        }
        return warnings;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
