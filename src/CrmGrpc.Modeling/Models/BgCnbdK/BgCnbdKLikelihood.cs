using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.BgCnbdK;

/// <summary>
/// Collapsed histories in the fitting scale, shared by the likelihoods of every k: distinct (x, t_x, T) with their
/// customer counts, times divided by the largest T (as BG/NBD's fit does, so α_s is of order one), and the aggregates
/// per distinct time and per distinct x that keep the per-history loop short.
/// </summary>
internal sealed class BgCnbdKData
{
    public BgCnbdKData(ReadOnlySpan<WeightedSummary> histories)
    {
        double maxAge = 0;
        foreach (var history in histories) maxAge = Math.Max(maxAge, history.Age);
        TimeScale = maxAge > 0 ? 1 / maxAge : 1;

        var timeIndex = new Dictionary<double, int>();
        var frequencyIndex = new Dictionary<int, int>();
        var times = new List<double>();
        var weightByAge = new List<double>();
        var frequencyWeightByAge = new List<double>();
        var frequencies = new List<int>();
        var weightByFrequency = new List<double>();

        int IndexOfTime(double rawTime)
        {
            if (timeIndex.TryGetValue(rawTime, out int index)) return index;
            index = times.Count;
            timeIndex.Add(rawTime, index);
            times.Add(rawTime * TimeScale);
            weightByAge.Add(0);
            frequencyWeightByAge.Add(0);
            return index;
        }

        int count = histories.Length;
        Weight = new double[count];
        Frequency = new double[count];
        FrequencyIndex = new int[count];
        AgeIndex = new int[count];
        RecencyIndex = new int[count];
        Gap = new double[count];
        for (int i = 0; i < count; i++)
        {
            var history = histories[i];
            double n = history.Weight;
            TotalWeight += n;
            SumWeightedFrequency += n * history.Frequency;
            int age = IndexOfTime(history.Age);
            weightByAge[age] += n;
            frequencyWeightByAge[age] += n * history.Frequency;
            if (!frequencyIndex.TryGetValue(history.Frequency, out int f))
            {
                f = frequencies.Count;
                frequencyIndex.Add(history.Frequency, f);
                frequencies.Add(history.Frequency);
                weightByFrequency.Add(0);
            }
            weightByFrequency[f] += n;
            Weight[i] = n;
            Frequency[i] = history.Frequency;
            FrequencyIndex[i] = f;
            AgeIndex[i] = age;
            RecencyIndex[i] = IndexOfTime(history.Recency);
            Gap[i] = (history.Age - history.Recency) * TimeScale;
        }

        Times = [.. times];
        WeightByAge = [.. weightByAge];
        FrequencyWeightByAge = [.. frequencyWeightByAge];
        Frequencies = [.. frequencies];
        WeightByFrequency = [.. weightByFrequency];
    }

    /// <summary>Factor applied to all times: 1 / max T.</summary>
    public double TimeScale { get; }

    /// <summary>Customers Σ n.</summary>
    public double TotalWeight { get; }

    /// <summary>Σ n x.</summary>
    public double SumWeightedFrequency { get; }

    public int Count => Weight.Length;

    public double[] Times { get; }
    public double[] WeightByAge { get; }
    public double[] FrequencyWeightByAge { get; }
    public int[] Frequencies { get; }
    public double[] WeightByFrequency { get; }
    public double[] Weight { get; }
    public double[] Frequency { get; }
    public int[] FrequencyIndex { get; }
    public int[] AgeIndex { get; }
    public int[] RecencyIndex { get; }

    /// <summary>T − t_x, scaled.</summary>
    public double[] Gap { get; }
}

/// <summary>
/// The BG/CNBD-k fitting objective for one k over <see cref="BgCnbdKData"/>: f(θ) = −(Σ n ℓ)/(Σ n) + penalizer ·
/// (r² + α_s² + a² + b²) in log-parameters θ = ln(r, α_s, a, b), with the analytic gradient. ℓ here leaves out the
/// timing term (k−1) litt − x ln (k−1)!, which does not depend on (r, α, a, b); <see cref="BgCnbdKModel"/> adds it,
/// summed once, to compare k.
/// </summary>
/// <remarks>
/// Per history: ln(S1 + S2) = ln S2 + softplus(ln S1 − ln S2), with S2 = Σ_{j&lt;k} (s)_j ρ^j / j! (s = r+kx,
/// ρ = (T−t_x)/(α+T)) built by its term ratios, and its derivatives in r and α alongside. The loop runs in fixed
/// chunks in parallel, summed in chunk order so results are reproducible bit for bit.
/// </remarks>
internal sealed class BgCnbdKLikelihood : IDifferentiableObjective
{
    private const int ChunkSize = 16_384;

    /// <summary>Below this ln S1, S1 = e^(ln S1) cannot overflow even added to S2 (at most ~1e60 for k ≤ 12).</summary>
    private const double MaxDirectLogDropped = 500;

    private readonly BgCnbdKData _data;
    private readonly int _k;
    private readonly double _penalizer;
    private readonly ParallelOptions _parallelOptions;
    private readonly double[] _inverseIndex;

    public BgCnbdKLikelihood(BgCnbdKData data, int k, double penalizer, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        _data = data;
        _k = k;
        _penalizer = penalizer;
        // Chunks run on the creator's scheduler: the server fits on its low-priority heavy threads, not the thread pool.
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Current };
        _inverseIndex = new double[k];
        for (int j = 1; j < k; j++) _inverseIndex[j] = 1.0 / j;
    }

    public int Dimension => 4;

    public int K => _k;

    public double Evaluate(ReadOnlySpan<double> point, Span<double> gradient)
    {
        double r = Math.Exp(point[0]), alpha = Math.Exp(point[1]), a = Math.Exp(point[2]), b = Math.Exp(point[3]);
        Span<double> d = stackalloc double[4];
        double logLikelihood = ScaledLogLikelihood(r, alpha, a, b, d);
        Span<double> parameters = [r, alpha, a, b];
        double penalty = 0;
        double total = _data.TotalWeight;
        for (int i = 0; i < 4; i++)
        {
            penalty += parameters[i] * parameters[i];
            gradient[i] = parameters[i] * (-d[i] / total + 2 * _penalizer * parameters[i]);
        }
        return -logLikelihood / total + _penalizer * penalty;
    }

    /// <summary>Σ n ℓ without the timing term, in the fitting scale, at log-parameters (r, α_s, a, b).</summary>
    public double ScaledLogLikelihood(ReadOnlySpan<double> point)
    {
        Span<double> unused = stackalloc double[4];
        return ScaledLogLikelihood(Math.Exp(point[0]), Math.Exp(point[1]), Math.Exp(point[2]), Math.Exp(point[3]), unused);
    }

    private double ScaledLogLikelihood(double r, double alpha, double a, double b, Span<double> derivative)
    {
        var data = _data;
        int k = _k;
        int timeCount = data.Times.Length;
        var logAlphaPlusTime = new double[timeCount];
        var inverseAlphaPlusTime = new double[timeCount];
        double total = data.TotalWeight;
        double logAlpha = Math.Log(alpha);
        double logLikelihood = total * r * logAlpha;
        double dR = total * logAlpha;
        double dAlpha = total * r / alpha;
        for (int t = 0; t < timeCount; t++)
        {
            double sum = alpha + data.Times[t];
            double log = Math.Log(sum);
            logAlphaPlusTime[t] = log;
            inverseAlphaPlusTime[t] = 1 / sum;
            // −(r+kx) ln(α+T), summed over the customers of this age.
            double shapeWeight = r * data.WeightByAge[t] + k * data.FrequencyWeightByAge[t];
            logLikelihood -= shapeWeight * log;
            dR -= data.WeightByAge[t] * log;
            dAlpha -= shapeWeight / sum;
        }

        int frequencyCount = data.Frequencies.Length;
        var logOddsOffset = new double[frequencyCount];
        var inverseBPlusFrequencyMinusOne = new double[frequencyCount];
        double dA = 0, dB = 0;
        double logA = Math.Log(a);
        for (int f = 0; f < frequencyCount; f++)
        {
            int x = data.Frequencies[f];
            if (x == 0) continue;
            double n = data.WeightByFrequency[f];
            // ln Γ(r+kx)/Γ(r) + ln B(a, b+x)/B(a, b).
            logLikelihood += n * (SpecialFunctions.LogGammaDifference(r, (double)k * x)
                + SpecialFunctions.LogGammaRatio(b, x) - SpecialFunctions.LogGammaRatio(a + b, x));
            double digammaAb = SpecialFunctions.DigammaDifference(a + b, x);
            dR += n * SpecialFunctions.DigammaDifference(r, (double)k * x);
            dA -= n * digammaAb;
            dB += n * (SpecialFunctions.DigammaDifference(b, x) - digammaAb);
            double bxm1 = b + x - 1;
            logOddsOffset[f] = logA - Math.Log(bxm1);
            inverseBPlusFrequencyMinusOne[f] = 1 / bxm1;
        }

        int chunks = (data.Count + ChunkSize - 1) / ChunkSize;
        var partials = new HistorySums[chunks];
        var context = new HistoryContext(r, logAlphaPlusTime, inverseAlphaPlusTime, logOddsOffset, inverseBPlusFrequencyMinusOne);
        if (chunks > 1)
        {
            Parallel.For(0, chunks, _parallelOptions, chunk => partials[chunk] = SumChunk(context, chunk));
        }
        else if (chunks == 1)
        {
            partials[0] = SumChunk(context, 0);
        }
        double sumDropout = 0, sumDropoutOverB = 0;
        foreach (var partial in partials)
        {
            logLikelihood += partial.LogLikelihood;
            dR += partial.DerivativeR;
            dAlpha += partial.DerivativeAlpha;
            sumDropout += partial.Dropout;
            sumDropoutOverB += partial.DropoutOverB;
        }
        dA += sumDropout / a;
        dB -= sumDropoutOverB;

        derivative[0] = dR;
        derivative[1] = dAlpha;
        derivative[2] = dA;
        derivative[3] = dB;
        return logLikelihood;
    }

    private HistorySums SumChunk(HistoryContext context, int chunk)
    {
        var data = _data;
        int k = _k;
        int start = chunk * ChunkSize;
        int end = Math.Min(start + ChunkSize, data.Count);
        double r = context.R;
        double[] logTime = context.LogAlphaPlusTime, inverseTime = context.InverseAlphaPlusTime;
        double[] offset = context.LogOddsOffset, inverseB = context.InverseBPlusFrequencyMinusOne;
        double[] inverseIndex = _inverseIndex;
        double logLikelihood = 0, dR = 0, dAlpha = 0, dropout = 0, dropoutOverB = 0;
        for (int i = start; i < end; i++)
        {
            int age = data.AgeIndex[i];
            double n = data.Weight[i];
            double x = data.Frequency[i];
            double shape = r + k * x;

            // ln S2 and its derivatives: the next purchase (k phases) not yet due by T.
            double notDueSum = 1, notDueR = 0, notDueAlpha = 0;
            double gap = data.Gap[i];
            if (k > 1 && gap > 0)
            {
                double ratio = gap * inverseTime[age];
                double term = 1, sum = 1, harmonic = 0, sumHarmonic = 0, sumIndex = 0;
                for (int j = 1; j < k; j++)
                {
                    double rising = shape + j - 1;
                    harmonic += 1 / rising;
                    term *= rising * ratio * inverseIndex[j];
                    sum += term;
                    sumHarmonic += term * harmonic;
                    sumIndex += term * j;
                }
                notDueSum = sum;
                notDueR = sumHarmonic / sum;
                notDueAlpha = -sumIndex / sum * inverseTime[age];
            }

            if (x == 0)
            {
                logLikelihood += n * Math.Log(notDueSum);
                dR += n * notDueR;
                dAlpha += n * notDueAlpha;
                continue;
            }

            int recency = data.RecencyIndex[i], f = data.FrequencyIndex[i];
            double logRatio = logTime[age] - logTime[recency];
            double logDropped = offset[f] + shape * logRatio;
            double historyLogLikelihood, posteriorDropout;
            if (logDropped < MaxDirectLogDropped)
            {
                // ln(S1 + S2) directly: one exp and one log (S2 ≥ 1, so nothing cancels or underflows to a log of 0).
                double dropped = Math.Exp(logDropped);
                double sum = dropped + notDueSum;
                historyLogLikelihood = Math.Log(sum);
                posteriorDropout = dropped / sum;
            }
            else
            {
                double logNotDue = Math.Log(notDueSum);
                historyLogLikelihood = logNotDue + SpecialFunctions.SoftPlus(logDropped - logNotDue, out posteriorDropout);
            }
            double weighted = n * posteriorDropout;
            double stillDue = n - weighted;
            logLikelihood += n * historyLogLikelihood;
            dR += weighted * logRatio + stillDue * notDueR;
            dAlpha += weighted * shape * (inverseTime[age] - inverseTime[recency]) + stillDue * notDueAlpha;
            dropout += weighted;
            dropoutOverB += weighted * inverseB[f];
        }
        return new HistorySums(logLikelihood, dR, dAlpha, dropout, dropoutOverB);
    }

    private sealed record HistoryContext(double R, double[] LogAlphaPlusTime, double[] InverseAlphaPlusTime,
        double[] LogOddsOffset, double[] InverseBPlusFrequencyMinusOne);

    private readonly record struct HistorySums(double LogLikelihood, double DerivativeR, double DerivativeAlpha,
        double Dropout, double DropoutOverB);
}
