using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.MbgNbd;

/// <summary>Maximum-likelihood estimation of the MBG/NBD model, on BG/NBD's pattern (<see cref="BgNbdModel"/>).</summary>
internal static class MbgNbdFitter
{
    /// <summary>Every log-parameter (r, α_s, a, b; α_s = α / max T) stays within ±this, as for BG/NBD.</summary>
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
                errors = new ParameterSet(names, [parameters.R * logErrors[0], parameters.Alpha * logErrors[1], parameters.A * logErrors[2], parameters.B * logErrors[3]]);
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
        double[] values = [parameters.R, parameters.Alpha, parameters.A, parameters.B];
        if (!double.IsFinite(logLikelihood) || values.Any(v => !double.IsFinite(v)))
        {
            throw new ModelFitException("the MBG/NBD fit on these data did not give finite estimates; the book cannot be modelled as it is");
        }
        if (!outcome.Converged)
        {
            warnings.Insert(0, $"the optimiser ({outcome.Method}) stopped after {outcome.Iterations} iterations without meeting its tolerance");
        }
        long customers = 0;
        foreach (var history in histories) customers += history.Weight;
        return new ModelFit(ModelKind.MbgNbd, new ParameterSet(names, values), errors, logLikelihood, customers, outcome.Converged, outcome.Iterations)
        {
            Warnings = warnings,
        };
    }

    private static (MbgNbdParameters Parameters, double[] Point, OptimizationOutcome Outcome, MbgNbdLikelihood Likelihood, OptimizationSettings Settings) Optimize(
        ReadOnlySpan<WeightedSummary> histories, double penalizer, int maxDegreeOfParallelism, MbgNbdParameters? initial,
        CancellationToken cancellationToken)
    {
        var likelihood = new MbgNbdLikelihood(histories, penalizer, maxDegreeOfParallelism, cancellationToken);
        initial ??= histories.Length > 2 * SampleHistories ? FitSample(histories, penalizer, maxDegreeOfParallelism, cancellationToken) : null;
        double[] start = initial is { } p
            ? [Math.Log(p.R), Math.Log(p.Alpha * likelihood.TimeScale), Math.Log(p.A), Math.Log(p.B)]
            : [0.1, 0.1, 0.1, 0.1];
        var settings = OptimizationSettings.ForFittingRange(GradientTolerance, MaxIterations, MaxEvaluations,
            [-LogParameterLimit, -LogParameterLimit, -LogParameterLimit, -LogParameterLimit],
            [LogParameterLimit, LogParameterLimit, LogParameterLimit, LogParameterLimit], cancellationToken);
        var outcome = Minimizer.Minimize(likelihood, start, settings);
        var point = outcome.Point;
        settings.Project(point);
        var parameters = new MbgNbdParameters(Math.Exp(point[0]), Math.Exp(point[1]) / likelihood.TimeScale,
            Math.Exp(point[2]), Math.Exp(point[3]));
        return (parameters, point, outcome, likelihood, settings);
    }

    /// <summary>The fit of every k-th history (sorted by x, then T: a sample spread over both), a start close to the book's optimum.</summary>
    private static MbgNbdParameters FitSample(ReadOnlySpan<WeightedSummary> histories, double penalizer, int maxDegreeOfParallelism,
        CancellationToken cancellationToken)
    {
        int step = histories.Length / SampleHistories;
        var sample = new WeightedSummary[histories.Length / step];
        for (int i = 0; i < sample.Length; i++) sample[i] = histories[i * step];
        return Optimize(sample, penalizer, maxDegreeOfParallelism, null, cancellationToken).Parameters;
    }

    private static List<string> LimitWarnings(double[] point, OptimizationSettings settings, MbgNbdParameters parameters, IReadOnlyList<string> names)
    {
        var warnings = new List<string>();
        double[] values = [parameters.R, parameters.Alpha, parameters.A, parameters.B];
        bool[] explained = new bool[4];
        if (settings.AtUpper(point, 0))
        {
            warnings.Add(Invariant($"r = {parameters.R:G3} is at the upper limit of its range: purchase rates show no heterogeneity between customers (one Poisson rate r/α = {parameters.R / parameters.Alpha:G4} for all)."));
            explained[0] = explained[1] = true;
        }
        if (settings.AtLower(point, 2))
        {
            warnings.Add(Invariant($"a = {parameters.A:G3} is at the lower limit of its range: the book shows no evidence of customers dropping out (dropout probability → 0, P(alive) ≈ 1 for everyone), so b is not identified."));
            explained[2] = explained[3] = true;
        }
        else if (settings.AtUpper(point, 2) && settings.AtUpper(point, 3))
        {
            warnings.Add(Invariant($"a = {parameters.A:G3} and b = {parameters.B:G3} are at the upper limit of their range: every customer has the same dropout probability a/(a+b) = {parameters.A / (parameters.A + parameters.B):G4}."));
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
