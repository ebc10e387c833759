using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.MbgNbd;

/// <summary>
/// The MBG/NBD fitting objective over collapsed histories (Batislam, Denizel &amp; Filiztekin 2007; lifetimes'
/// <c>ModifiedBetaGeoFitter</c>): f(θ) = −(Σ n ℓ)/(Σ n) + penalizer · (r² + α_s² + a² + b²) in log-parameters, with the
/// analytic gradient, where
/// <code>ℓ = ln Γ(r+x)/Γ(r) + r ln α + ln B(a, b+x+1)/B(a, b) − (r+x) ln(α+T) + ln(1 + a/(b+x) ((α+T)/(α+t_x))^(r+x))</code>
/// for every customer, x = 0 included (a customer may drop out right after the first purchase). Built like
/// <see cref="BgNbdLikelihood"/>: times divided by the largest T, x-only and T-only terms aggregated, the per-history
/// soft-plus in fixed chunks in parallel, summed in chunk order.
/// </summary>
internal sealed class MbgNbdLikelihood : IDifferentiableObjective
{
    private const int ChunkSize = 16_384;

    // Distinct times (T and t_x values), already scaled, and per-time aggregates of Σn and Σn·x over customers of that age.
    private readonly double[] _times;
    private readonly double[] _weightByAge;
    private readonly double[] _frequencyWeightByAge;

    // Distinct frequencies and Σn per frequency.
    private readonly int[] _frequencies;
    private readonly double[] _weightByFrequency;

    // Every history in structure-of-arrays form (x = 0 too: it has the dropout term).
    private readonly double[] _historyWeight;
    private readonly double[] _historyFrequency;
    private readonly int[] _historyFrequencyIndex;
    private readonly int[] _historyAgeIndex;
    private readonly int[] _historyRecencyIndex;

    private readonly double _penalizer;
    private readonly ParallelOptions _parallelOptions;

    public MbgNbdLikelihood(ReadOnlySpan<WeightedSummary> histories, double penalizer, int maxDegreeOfParallelism,
        CancellationToken cancellationToken = default)
    {
        _penalizer = penalizer;
        // The token stops an evaluation between chunks (Parallel.For checks it before each), so a cancelled fit
        // stops within one chunk's work, not one evaluation's.
        // Chunks run on the creator's scheduler: the server fits on its low-priority heavy threads, not the thread pool.
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Current };

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

        // Collapsed histories come sorted by x, then T: consecutive histories mostly share both, so the last
        // look-up is reused (the dictionary look-ups showed in the profile of a fit of 529k histories).
        var ageIndex = new int[histories.Length];
        int f = -1, age = -1;
        for (int i = 0; i < histories.Length; i++)
        {
            var history = histories[i];
            double n = history.Weight;
            TotalWeight += n;
            SumWeightedFrequency += n * history.Frequency;
            if (age < 0 || history.Age != histories[i - 1].Age) age = IndexOfTime(history.Age);
            ageIndex[i] = age;
            weightByAge[age] += n;
            frequencyWeightByAge[age] += n * history.Frequency;
            if (f < 0 || history.Frequency != histories[i - 1].Frequency)
            {
                if (!frequencyIndex.TryGetValue(history.Frequency, out f))
                {
                    f = frequencies.Count;
                    frequencyIndex.Add(history.Frequency, f);
                    frequencies.Add(history.Frequency);
                    weightByFrequency.Add(0);
                }
            }
            weightByFrequency[f] += n;
        }

        _historyWeight = new double[histories.Length];
        _historyFrequency = new double[histories.Length];
        _historyFrequencyIndex = new int[histories.Length];
        _historyAgeIndex = new int[histories.Length];
        _historyRecencyIndex = new int[histories.Length];
        int next = 0;
        for (int i = 0; i < histories.Length; i++)
        {
            var history = histories[i];
            _historyWeight[next] = history.Weight;
            _historyFrequency[next] = history.Frequency;
            _historyFrequencyIndex[next] = next > 0 && history.Frequency == _historyFrequency[next - 1]
                ? _historyFrequencyIndex[next - 1]
                : frequencyIndex[history.Frequency];
            _historyAgeIndex[next] = ageIndex[i];
            _historyRecencyIndex[next] = IndexOfTime(history.Recency);
            next++;
        }

        _times = [.. times];
        _weightByAge = [.. weightByAge];
        _frequencyWeightByAge = [.. frequencyWeightByAge];
        _frequencies = [.. frequencies];
        _weightByFrequency = [.. weightByFrequency];
    }

    public int Dimension => 4;

    /// <summary>Factor applied to all times before fitting: 1 / max T.</summary>
    public double TimeScale { get; }

    /// <summary>Number of customers Σ n.</summary>
    public double TotalWeight { get; }

    private double SumWeightedFrequency { get; }

    public double Evaluate(ReadOnlySpan<double> point, Span<double> gradient)
    {
        double r = Math.Exp(point[0]), alpha = Math.Exp(point[1]), a = Math.Exp(point[2]), b = Math.Exp(point[3]);
        Span<double> d = stackalloc double[4];
        double logLikelihood = ScaledLogLikelihood(r, alpha, a, b, d);

        Span<double> parameters = [r, alpha, a, b];
        double penalty = 0;
        for (int i = 0; i < 4; i++)
        {
            penalty += parameters[i] * parameters[i];
            // Chain rule to log-parameters: ∂f/∂ln θ = θ ∂f/∂θ.
            gradient[i] = parameters[i] * (-d[i] / TotalWeight + 2 * _penalizer * parameters[i]);
        }
        return -logLikelihood / TotalWeight + _penalizer * penalty;
    }

    /// <summary>Σ n ℓ in the caller's original time unit, without penalty, at log-parameters (r, α_s, a, b).</summary>
    public double LogLikelihood(ReadOnlySpan<double> point)
    {
        Span<double> unused = stackalloc double[4];
        double scaled = ScaledLogLikelihood(Math.Exp(point[0]), Math.Exp(point[1]), Math.Exp(point[2]), Math.Exp(point[3]), unused);
        // Scaling times by s changes each customer's ℓ by −x ln s.
        return scaled + SumWeightedFrequency * Math.Log(TimeScale);
    }

    /// <summary>Σ n ℓ on the scaled times and its derivatives with respect to (r, α_s, a, b).</summary>
    private double ScaledLogLikelihood(double r, double alpha, double a, double b, Span<double> derivative)
    {
        // Time-only terms: ln(α+τ) and 1/(α+τ) per distinct time.
        int timeCount = _times.Length;
        var logAlphaPlusTime = new double[timeCount];
        var inverseAlphaPlusTime = new double[timeCount];
        double logLikelihood = TotalWeight * r * Math.Log(alpha);
        double dR = TotalWeight * Math.Log(alpha);
        double dAlpha = TotalWeight * r / alpha;
        for (int k = 0; k < timeCount; k++)
        {
            double sum = alpha + _times[k];
            double log = Math.Log(sum);
            logAlphaPlusTime[k] = log;
            inverseAlphaPlusTime[k] = 1 / sum;
            // −(r+x) ln(α+T), summed over every customer whose age is this time.
            double shapeWeight = r * _weightByAge[k] + _frequencyWeightByAge[k];
            logLikelihood -= shapeWeight * log;
            dR -= _weightByAge[k] * log;
            dAlpha -= shapeWeight / sum;
        }

        // Frequency-only terms: ln Γ(r+x)/Γ(r) + ln B(a, b+x+1)/B(a, b), and the per-x pieces of the mixing term.
        int frequencyCount = _frequencies.Length;
        var logOddsOffset = new double[frequencyCount];
        var inverseBPlusFrequency = new double[frequencyCount];
        double dA = 0, dB = 0;
        double logA = Math.Log(a);
        for (int j = 0; j < frequencyCount; j++)
        {
            int x = _frequencies[j];
            double n = _weightByFrequency[j];
            logLikelihood += n * (SpecialFunctions.LogGammaRatio(r, x) + SpecialFunctions.LogGammaRatio(b, x + 1)
                - SpecialFunctions.LogGammaRatio(a + b, x + 1));
            double digammaAb = SpecialFunctions.DigammaDifference(a + b, x + 1);
            dR += n * SpecialFunctions.DigammaDifference(r, x);
            dA -= n * digammaAb;
            dB += n * (SpecialFunctions.DigammaDifference(b, x + 1) - digammaAb);
            double bx = b + x;
            logOddsOffset[j] = logA - Math.Log(bx);
            inverseBPlusFrequency[j] = 1 / bx;
        }

        // History terms: ln(1 + e^D) with D = ln(a/(b+x)) + (r+x)(ln(α+T) − ln(α+t_x)).
        int count = _historyWeight.Length;
        int chunks = (count + ChunkSize - 1) / ChunkSize;
        var partials = new HistorySums[chunks];
        var context = new HistoryContext(r, logAlphaPlusTime, inverseAlphaPlusTime, logOddsOffset, inverseBPlusFrequency);
        if (chunks > 1)
        {
            Parallel.For(0, chunks, _parallelOptions, chunk => partials[chunk] = SumHistoryChunk(context, chunk));
        }
        else if (chunks == 1)
        {
            partials[0] = SumHistoryChunk(context, 0);
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

    private HistorySums SumHistoryChunk(HistoryContext context, int chunk)
    {
        int start = chunk * ChunkSize;
        int end = Math.Min(start + ChunkSize, _historyWeight.Length);
        double r = context.R;
        double[] logTime = context.LogAlphaPlusTime, inverseTime = context.InverseAlphaPlusTime;
        double[] offset = context.LogOddsOffset, inverseB = context.InverseBPlusFrequency;
        double logLikelihood = 0, dR = 0, dAlpha = 0, dropout = 0, dropoutOverB = 0;
        for (int i = start; i < end; i++)
        {
            int age = _historyAgeIndex[i], recency = _historyRecencyIndex[i], f = _historyFrequencyIndex[i];
            double n = _historyWeight[i];
            double shape = r + _historyFrequency[i];
            double logRatio = logTime[age] - logTime[recency];
            double logOdds = offset[f] + shape * logRatio;
            double softPlus = SpecialFunctions.SoftPlus(logOdds, out double posteriorDropout);
            double weighted = n * posteriorDropout;
            logLikelihood += n * softPlus;
            dR += weighted * logRatio;
            dAlpha += weighted * shape * (inverseTime[age] - inverseTime[recency]);
            dropout += weighted;
            dropoutOverB += weighted * inverseB[f];
        }
        return new HistorySums(logLikelihood, dR, dAlpha, dropout, dropoutOverB);
    }

    private sealed record HistoryContext(double R, double[] LogAlphaPlusTime, double[] InverseAlphaPlusTime,
        double[] LogOddsOffset, double[] InverseBPlusFrequency);

    private readonly record struct HistorySums(double LogLikelihood, double DerivativeR, double DerivativeAlpha,
        double Dropout, double DropoutOverB);
}
