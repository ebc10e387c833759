using System.Runtime.InteropServices;
using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.BgCnbdK;

/// <summary>Options of <see cref="BgCnbdKModel.Fit"/>.</summary>
internal sealed record BgCnbdKFitOptions
{
    public static BgCnbdKFitOptions Default { get; } = new();

    /// <summary>L2 penalty on (r, α_s, a, b) as in BG/NBD's fit; 0 is plain maximum likelihood.</summary>
    public double PenalizerCoefficient { get; init; }

    /// <summary>Fit only this k (1…12) instead of choosing it by likelihood; null searches.</summary>
    public int? FixedK { get; init; }

    public double GradientTolerance { get; init; } = 1e-9;

    public int MaxIterations { get; init; } = 1000;

    /// <summary>Likelihood evaluations each k's optimisation may use.</summary>
    public int MaxEvaluations { get; init; } = 400;

    public bool ComputeStandardErrors { get; init; } = true;

    /// <summary>
    /// How many standard errors the sample's mean per-customer gain of its best k over a neighbour must reach for the
    /// neighbour not to be fitted on the whole book (<see cref="BgCnbdKModel.DecisiveStandardErrors"/>; infinity always fits it).
    /// </summary>
    public double DecisiveStandardErrors { get; init; } = BgCnbdKModel.DecisiveStandardErrors;

    public int MaxDegreeOfParallelism { get; init; } = -1;
}

/// <summary>Outcome of a BG/CNBD-k fit.</summary>
/// <param name="Parameters">Estimates at the chosen k.</param>
/// <param name="LogLikelihood">Σ ℓ with the timing term, in the data's time unit, at the estimates.</param>
/// <param name="Converged">Whether the chosen k's optimiser met its tolerance.</param>
/// <param name="Iterations">The chosen k's optimiser iterations.</param>
/// <param name="StandardErrors">Standard errors of (r, α, a, b) at the chosen k; null when the information matrix is singular or a parameter is at a limit.</param>
/// <param name="CustomerCount">Customers.</param>
/// <param name="DistinctHistories">Distinct (x, t_x, T) the likelihood ran over.</param>
/// <param name="Method">The optimiser of the chosen k.</param>
internal sealed record BgCnbdKFitResult(
    BgCnbdKParameters Parameters,
    double LogLikelihood,
    bool Converged,
    int Iterations,
    double[]? StandardErrors,
    long CustomerCount,
    int DistinctHistories,
    string Method)
{
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The log-likelihood of every k fitted on the whole book (the search skips the rest).</summary>
    public IReadOnlyDictionary<int, double> LogLikelihoodByK { get; init; } = new Dictionary<int, double>();
}

/// <summary>
/// Maximum-likelihood estimation of BG/CNBD-k (Platzer &amp; Reutterer 2016, BTYDplus' <c>bgcnbd.EstimateParameters</c>)
/// with k chosen by likelihood over 1…12.
/// </summary>
internal static class BgCnbdKModel
{
    /// <summary>Every log-parameter (r, α_s, a, b) stays within ±this, as in BG/NBD's fit (and for the same reasons).</summary>
    public const double LogParameterLimit = 10;

    /// <summary>
    /// Books with more distinct histories than twice this choose k on every n-th history first (about this many), then
    /// confirm it on the whole book (see <see cref="Fit"/>).
    /// </summary>
    public const int SampleHistories = 20_000;

    /// <summary>The gradient tolerance of the whole-book fits of the sample's neighbouring k, which are only compared.</summary>
    private const double ComparisonGradientTolerance = 1e-6;

    private static readonly string[] Names = ["r", "alpha", "a", "b"];

    /// <summary>
    /// Fits per-customer histories. Customers sharing (x, t_x, T) are collapsed first and their litt summed: the timing
    /// term (k−1) Σ litt − Σ x ln (k−1)! is the same for every (r, α, a, b), so each k's optimisation runs over the
    /// distinct (x, t_x, T) alone and the term is added to its log-likelihood to compare k.
    /// <para>
    /// The search over k: fit k = 1, 2, … (each k started from the previous optimum, α scaled by (k−1)/k so the mean
    /// inter-purchase time stays put) and stop once the log-likelihood has fallen twice in a row, or at 12 (BTYDplus
    /// stops likewise, after k = 4). For a book of more than twice <see cref="SampleHistories"/> distinct histories that
    /// search runs on a sample of them; the whole book then fits the sample's best k and its neighbours, each from the
    /// sample's optimum (unless the sample rules a neighbour out beyond doubt, <see cref="SampleDecides"/>), and climbs
    /// further while a neighbour is better. The k kept is the one with the best whole-book log-likelihood.
    /// </para>
    /// </summary>
    /// <exception cref="ArgumentException">No customers or an invalid history.</exception>
    /// <exception cref="ModelFitException">No k gave finite estimates.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static BgCnbdKFitResult Fit(IReadOnlyList<TimedHistory> customers, BgCnbdKFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        options ??= BgCnbdKFitOptions.Default;
        if (customers.Count == 0) throw new ArgumentException("At least one customer is needed to fit the model.", nameof(customers));
        if (options.FixedK is { } fixedK && (fixedK < 1 || fixedK > BgCnbdKParameters.MaxK))
            throw new ArgumentException($"k must be 1…{BgCnbdKParameters.MaxK}.", nameof(options));

        var histories = Collapse(customers, out double[] logInterPurchaseSums);
        var book = new Book(new BgCnbdKData(histories), logInterPurchaseSums.Sum(), options, cancellationToken);

        var fitted = new SortedDictionary<int, KFit>();
        if (options.FixedK is { } only)
        {
            fitted[only] = book.FitK(only, InitialPoint(only, null));
        }
        else if (histories.Length > 2 * SampleHistories)
        {
            int step = histories.Length / SampleHistories;
            var sample = new WeightedSummary[histories.Length / step];
            var sampleLitt = new double[sample.Length];
            for (int i = 0; i < sample.Length; i++)
            {
                sample[i] = histories[i * step];
                sampleLitt[i] = logInterPurchaseSums[i * step];
            }
            double sampleLogInterPurchase = sampleLitt.Sum();
            var sampleBook = new Book(new BgCnbdKData(sample), sampleLogInterPurchase, options with { ComputeStandardErrors = false }, cancellationToken);
            var sampleFits = Search(sampleBook);
            int start = sampleFits.MaxBy(pair => pair.Value.LogLikelihood).Key;
            double[] StartFor(int k) => sampleFits.TryGetValue(k, out var fit) ? fit.Point : InitialPoint(k, fitted.TryGetValue(k - 1, out var below) ? below : fitted.GetValueOrDefault(k + 1));
            fitted[start] = book.FitK(start, StartFor(start));
            foreach (int direction in new[] { 1, -1 })
            {
                bool improved = false;
                for (int k = start + direction; k >= 1 && k <= BgCnbdKParameters.MaxK; k += direction)
                {
                    // A neighbour the sample already rules out by a wide margin is not fitted on the whole book again.
                    if (k == start + direction && sampleFits.TryGetValue(k, out var neighbour)
                        && SampleDecides(sample, sampleLitt, sampleFits[start], neighbour, sampleBook.Data.TimeScale, options.DecisiveStandardErrors))
                    {
                        break;
                    }

                    // Only compared, so fitted loosely (a gradient of 1e-6 leaves the log-likelihood ~1e-6 per customer short).
                    var fit = book.FitK(k, StartFor(k), ComparisonGradientTolerance);
                    fitted[k] = fit;
                    if (!(fit.LogLikelihood > fitted[k - direction].LogLikelihood)) break;
                    improved = true;
                }
                if (improved) break; // the log-likelihood rose upwards from the sample's k, so it falls downwards
            }
            var winner = fitted.Values.Where(f => double.IsFinite(f.LogLikelihood)).MaxBy(f => f.LogLikelihood);
            if (winner is not null && winner.K != start) fitted[winner.K] = book.FitK(winner.K, winner.Point);
        }
        else
        {
            foreach (var pair in Search(book)) fitted[pair.Key] = pair.Value;
        }

        var finite = fitted.Values.Where(f => double.IsFinite(f.LogLikelihood)).ToList();
        if (finite.Count == 0) throw new ModelFitException("the BG/CNBD-k fit on these data did not give finite estimates for any k; the book cannot be modelled as it is");
        var best = finite.MaxBy(f => f.LogLikelihood)!;
        return book.Result(best, fitted.Where(p => double.IsFinite(p.Value.LogLikelihood)).ToDictionary(p => p.Key, p => p.Value.LogLikelihood), options.FixedK is null);
    }

    /// <summary>
    /// The default of <see cref="BgCnbdKFitOptions.DecisiveStandardErrors"/>: how many standard errors the sample's mean
    /// per-customer log-likelihood gain of one k over a neighbour must reach for the whole book to be taken to agree
    /// without fitting the neighbour on it.
    /// </summary>
    public const double DecisiveStandardErrors = 8;

    /// <summary>
    /// Whether the sample shows <paramref name="best"/> better than <paramref name="other"/> beyond doubt: the mean per
    /// customer of ℓ(best) − ℓ(other) (each at its sample optimum, timing term included) exceeds
    /// <paramref name="decisiveStandardErrors"/> standard errors of that mean, estimated as a ratio over the sampled histories
    /// (each customer of a history given its share of the history's Σ litt). At a million customers a gain that size is
    /// thousands of log-likelihood units, where moving each k's parameters to its whole-book optimum changes a handful.
    /// </summary>
    private static bool SampleDecides(WeightedSummary[] sample, double[] sampleLitt, KFit best, KFit other, double timeScale, double decisiveStandardErrors)
    {
        var kept = Parameters(best, timeScale);
        var rival = Parameters(other, timeScale);
        double weight = 0, gain = 0;
        var differences = new double[sample.Length];
        for (int i = 0; i < sample.Length; i++)
        {
            var summary = sample[i];
            var history = new TimedHistory(summary.Frequency, summary.Recency, summary.Age, sampleLitt[i] / summary.Weight);
            differences[i] = kept.LogLikelihood(history) - rival.LogLikelihood(history);
            weight += summary.Weight;
            gain += summary.Weight * differences[i];
        }
        double mean = gain / weight, spread = 0;
        for (int i = 0; i < sample.Length; i++)
        {
            double deviation = sample[i].Weight * (differences[i] - mean);
            spread += deviation * deviation;
        }
        double standardError = Math.Sqrt(spread) / weight;
        return double.IsFinite(mean) && double.IsFinite(standardError) && mean > decisiveStandardErrors * standardError;
    }

    /// <summary>A fit's parameters in the data's time unit.</summary>
    private static BgCnbdKParameters Parameters(KFit fit, double timeScale) =>
        new(fit.K, Math.Exp(fit.Point[0]), Math.Exp(fit.Point[1]) / timeScale, Math.Exp(fit.Point[2]), Math.Exp(fit.Point[3]));

    /// <summary>Fits k = 1, 2, … until the log-likelihood has fallen twice in a row (or a k gives no finite fit).</summary>
    private static Dictionary<int, KFit> Search(Book book)
    {
        var fits = new Dictionary<int, KFit>();
        KFit? previous = null;
        int falls = 0;
        for (int k = 1; k <= BgCnbdKParameters.MaxK; k++)
        {
            var fit = book.FitK(k, InitialPoint(k, previous));
            if (!double.IsFinite(fit.LogLikelihood)) break;
            fits[k] = fit;
            falls = previous is not null && fit.LogLikelihood < previous.LogLikelihood ? falls + 1 : 0;
            previous = fit;
            if (falls == 2) break;
        }
        return fits;
    }

    /// <summary>lifetimes' default start e^0.1 for k = 1; otherwise a neighbouring k's optimum with α_s moved so the mean inter-purchase time k/λ stays put.</summary>
    private static double[] InitialPoint(int k, KFit? neighbour)
    {
        if (neighbour is null) return [0.1, 0.1, 0.1, 0.1];
        var point = (double[])neighbour.Point.Clone();
        point[1] += Math.Log((double)neighbour.K / k);
        for (int i = 0; i < point.Length; i++) point[i] = Math.Clamp(point[i], -LogParameterLimit + 1, LogParameterLimit - 1);
        return point;
    }

    /// <summary>Distinct (x, t_x, T) with their customer counts, in first-seen order, and each one's Σ litt over its customers.</summary>
    private static WeightedSummary[] Collapse(IReadOnlyList<TimedHistory> customers, out double[] logInterPurchaseSums)
    {
        var index = new Dictionary<HistoryKey, int>(customers.Count / 2, HistoryKey.Comparer);
        var distinct = new List<WeightedSummary>();
        var litt = new List<double>();
        for (int i = 0; i < customers.Count; i++)
        {
            var customer = customers[i];
            if (customer.Frequency < 0 || !double.IsFinite(customer.Age) || !(customer.Recency >= 0) || !(customer.Recency <= customer.Age)
                || !double.IsFinite(customer.LogInterPurchaseSum) || (customer.Frequency == 0 && customer.Recency != 0))
            {
                throw new ArgumentException(FormattableString.Invariant(
                    $"Customer {i} has an invalid history: x = {customer.Frequency}, t_x = {customer.Recency}, T = {customer.Age}, litt = {customer.LogInterPurchaseSum}."), nameof(customers));
            }
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(index, new HistoryKey(customer.Frequency, customer.Recency, customer.Age), out bool exists);
            if (exists)
            {
                var span = CollectionsMarshal.AsSpan(distinct);
                span[slot] = span[slot] with { Weight = span[slot].Weight + 1 };
                CollectionsMarshal.AsSpan(litt)[slot] += customer.LogInterPurchaseSum;
            }
            else
            {
                slot = distinct.Count;
                distinct.Add(new WeightedSummary(customer.Frequency, customer.Recency, customer.Age, 1));
                litt.Add(customer.LogInterPurchaseSum);
            }
        }
        logInterPurchaseSums = [.. litt];
        return [.. distinct];
    }

    /// <summary>(x, t_x, T) as a dictionary key, compared without the tuple's generic comparers.</summary>
    private readonly record struct HistoryKey(int Frequency, double Recency, double Age)
    {
        public static IEqualityComparer<HistoryKey> Comparer { get; } = new KeyComparer();

        private sealed class KeyComparer : IEqualityComparer<HistoryKey>
        {
            public bool Equals(HistoryKey left, HistoryKey right)
                => left.Frequency == right.Frequency && left.Recency == right.Recency && left.Age == right.Age;

            public int GetHashCode(HistoryKey key) => HashCode.Combine(key.Frequency, key.Recency, key.Age);
        }
    }

    /// <summary>One k's optimum: log-parameters (r, α_s, a, b), whole log-likelihood (with the timing term), the optimiser's outcome.</summary>
    private sealed record KFit(int K, double[] Point, double LogLikelihood, OptimizationOutcome Outcome, BgCnbdKLikelihood Likelihood);

    /// <summary>The data of one book (or sample) and how to fit one k on it.</summary>
    private sealed class Book(BgCnbdKData data, double sumLogInterPurchase, BgCnbdKFitOptions options, CancellationToken cancellationToken)
    {
        public BgCnbdKData Data { get; } = data;

        public KFit FitK(int k, double[] start, double? gradientTolerance = null)
        {
            var likelihood = new BgCnbdKLikelihood(Data, k, options.PenalizerCoefficient, options.MaxDegreeOfParallelism, cancellationToken);
            var settings = Settings(gradientTolerance);
            var outcome = Minimizer.Minimize(likelihood, start, settings);
            var point = outcome.Point;
            settings.Project(point);
            return new KFit(k, point, LogLikelihood(likelihood, point), outcome, likelihood);
        }

        /// <summary>
        /// Σ ℓ in the data's time unit: the scaled likelihood plus the timing term. Scaling times by c shifts each
        /// customer's ℓ by k x ln c (the gamma mixing) less (k−1) x ln c (its litt, already in the original unit here).
        /// </summary>
        private double LogLikelihood(BgCnbdKLikelihood likelihood, double[] point)
        {
            int k = likelihood.K;
            double scaled = likelihood.ScaledLogLikelihood(point);
            return scaled + (k - 1) * sumLogInterPurchase - Data.SumWeightedFrequency * BgCnbdKParameters.LogFactorial(k - 1)
                + k * Data.SumWeightedFrequency * Math.Log(Data.TimeScale);
        }

        private OptimizationSettings Settings(double? gradientTolerance = null) => OptimizationSettings.ForFittingRange(
            Math.Max(gradientTolerance ?? 0, options.GradientTolerance), options.MaxIterations, options.MaxEvaluations,
            [-LogParameterLimit, -LogParameterLimit, -LogParameterLimit, -LogParameterLimit],
            [LogParameterLimit, LogParameterLimit, LogParameterLimit, LogParameterLimit], cancellationToken);

        public BgCnbdKFitResult Result(KFit best, Dictionary<int, double> logLikelihoodByK, bool searched)
        {
            var point = best.Point;
            var parameters = Parameters(best, Data.TimeScale);
            var settings = Settings();
            var warnings = LimitWarnings(point, settings, parameters);
            bool atLimit = warnings.Count > 0;
            double[]? errors = null;
            if (options.ComputeStandardErrors && !atLimit
                && Curvature.LogParameterStandardErrors(best.Likelihood, point, Data.TotalWeight, cancellationToken) is { } logErrors)
            {
                errors = [parameters.R * logErrors[0], parameters.Alpha * logErrors[1], parameters.A * logErrors[2], parameters.B * logErrors[3]];
            }
            if (atLimit) warnings.Add("The estimates are a boundary solution: standard errors are not reported.");
            if (searched && best.K == BgCnbdKParameters.MaxK)
            {
                warnings.Add($"k = {BgCnbdKParameters.MaxK} is the end of the search range 1…{BgCnbdKParameters.MaxK}: the inter-purchase times are more regular still, and a larger k might fit better.");
            }
            bool converged = best.Outcome.Converged && double.IsFinite(best.LogLikelihood);
            return new BgCnbdKFitResult(parameters, best.LogLikelihood, converged, best.Outcome.Iterations, errors,
                (long)Data.TotalWeight, Data.Count, best.Outcome.Method)
            {
                Warnings = warnings,
                LogLikelihoodByK = logLikelihoodByK,
            };
        }
    }

    /// <summary>What each log-parameter at a limit of the fitting range means; empty for an interior fit.</summary>
    private static List<string> LimitWarnings(ReadOnlySpan<double> point, OptimizationSettings settings, BgCnbdKParameters parameters)
    {
        var warnings = new List<string>();
        double[] values = [parameters.R, parameters.Alpha, parameters.A, parameters.B];
        bool noDropout = settings.AtLower(point, 2);
        if (noDropout)
        {
            warnings.Add(FormattableString.Invariant($"a = {parameters.A:G3} is at the lower limit of its range: the book shows no evidence of customers dropping out (P(alive) ≈ 1 for everyone), so b is not identified."));
        }
        for (int i = 0; i < 4; i++)
        {
            if (noDropout && i >= 2) continue;
            bool low = settings.AtLower(point, i), high = settings.AtUpper(point, i);
            if (!(low || high)) continue;
            warnings.Add(FormattableString.Invariant($"{Names[i]} = {values[i]:G3} is at the {(low ? "lower" : "upper")} limit of its range (e^±{LogParameterLimit} in the fit's scale): the data do not identify it."));
        }
        return warnings;
    }
}
