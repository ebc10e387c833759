using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.ParetoNbd;

/// <summary>
/// The Pareto/NBD fitting objective over collapsed histories, f(θ) = −(Σ n ℓ)/(Σ n) + penalizer · (r² + α_s² + s² + β_s²)
/// in log-parameters θ = ln(r, α_s, s, β_s), with the analytic gradient. As for BG/NBD, times are divided by the
/// largest T first so α_s and β_s are of order one whatever the unit; ℓ then shifts by −x ln(scale), added back by
/// <see cref="LogLikelihood"/>.
/// </summary>
/// <remarks>
/// ℓ = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β + ln[(r+x) G(T; r+x+1, s) + s G(t_x; r+x, s+1)] (see
/// <see cref="ParetoNbdTail"/>). The log-gamma terms are aggregated per distinct x, the logs of α+τ and β+τ per
/// distinct time, and the two tails per history run in fixed chunks in parallel, summed in chunk order so results are
/// reproducible bit for bit. Customers without repeat purchases share one second tail (t_x = 0).
/// </remarks>
internal sealed class ParetoNbdLikelihood : IDifferentiableObjective
{
    private const int ChunkSize = 8_192;

    private readonly double[] _times;
    private readonly int[] _frequencies;
    private readonly double[] _weightByFrequency;

    // The tails depend on (x, T) and (x, t_x) only: each distinct pair is evaluated once per evaluation.
    // Pairs [0, _firstPairCount) are first tails G(T; r+x+1, s), the rest second tails G(t_x; r+x, s+1) with x > 0.
    private readonly int[] _pairFrequency;
    private readonly int[] _pairTimeIndex;
    private readonly int _firstPairCount;

    // Histories in structure-of-arrays form: weight, x, and the indices of their two tails (−1: the shared x = 0 tail).
    private readonly double[] _weight;
    private readonly int[] _frequency;
    private readonly int[] _firstPair;
    private readonly int[] _secondPair;

    private readonly double _penalizer;
    private readonly ParallelOptions _parallelOptions;

    public ParetoNbdLikelihood(ReadOnlySpan<WeightedSummary> histories, double penalizer, int maxDegreeOfParallelism,
        CancellationToken cancellationToken = default)
    {
        _penalizer = penalizer;
        // Chunks run on the creator's scheduler (the server's heavy-work threads) and stop between chunks when cancelled.
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Current };

        double maxAge = 0;
        foreach (var history in histories) maxAge = Math.Max(maxAge, history.Age);
        TimeScale = maxAge > 0 ? 1 / maxAge : 1;

        var timeIndex = new Dictionary<double, int>();
        var frequencyIndex = new Dictionary<int, int>();
        var times = new List<double>();
        var frequencies = new List<int>();
        var weightByFrequency = new List<double>();
        int IndexOfTime(double rawTime)
        {
            if (timeIndex.TryGetValue(rawTime, out int index)) return index;
            index = times.Count;
            timeIndex.Add(rawTime, index);
            times.Add(rawTime * TimeScale);
            return index;
        }

        var firstPairs = new Dictionary<(int, int), int>();
        var secondPairs = new Dictionary<(int, int), int>();
        var firstKeys = new List<(int Frequency, int Time)>();
        var secondKeys = new List<(int Frequency, int Time)>();
        _weight = new double[histories.Length];
        _frequency = new int[histories.Length];
        _firstPair = new int[histories.Length];
        _secondPair = new int[histories.Length];
        for (int i = 0; i < histories.Length; i++)
        {
            var history = histories[i];
            double n = history.Weight;
            TotalWeight += n;
            SumWeightedFrequency += n * history.Frequency;
            if (!frequencyIndex.TryGetValue(history.Frequency, out int f))
            {
                f = frequencies.Count;
                frequencyIndex.Add(history.Frequency, f);
                frequencies.Add(history.Frequency);
                weightByFrequency.Add(0);
            }
            weightByFrequency[f] += n;
            _weight[i] = n;
            _frequency[i] = history.Frequency;
            var first = (history.Frequency, IndexOfTime(history.Age));
            if (!firstPairs.TryGetValue(first, out int firstPair))
            {
                firstPair = firstKeys.Count;
                firstPairs.Add(first, firstPair);
                firstKeys.Add(first);
            }
            _firstPair[i] = firstPair;
            _secondPair[i] = -1;
            if (history.Frequency > 0)
            {
                var second = (history.Frequency, IndexOfTime(history.Recency));
                if (!secondPairs.TryGetValue(second, out int secondPair))
                {
                    secondPair = secondKeys.Count;
                    secondPairs.Add(second, secondPair);
                    secondKeys.Add(second);
                }
                _secondPair[i] = secondPair;
            }
        }
        _firstPairCount = firstKeys.Count;
        for (int i = 0; i < histories.Length; i++)
        {
            if (_secondPair[i] >= 0) _secondPair[i] += _firstPairCount;
        }
        _pairFrequency = [.. firstKeys.Select(k => k.Frequency), .. secondKeys.Select(k => k.Frequency)];
        _pairTimeIndex = [.. firstKeys.Select(k => k.Time), .. secondKeys.Select(k => k.Time)];
        _times = [.. times];
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
        Span<double> parameters = [Math.Exp(point[0]), Math.Exp(point[1]), Math.Exp(point[2]), Math.Exp(point[3])];
        Span<double> d = stackalloc double[4];
        double logLikelihood = ScaledLogLikelihood(parameters[0], parameters[1], parameters[2], parameters[3], d);
        double penalty = 0;
        for (int i = 0; i < 4; i++)
        {
            penalty += parameters[i] * parameters[i];
            // Chain rule to log-parameters: ∂f/∂ln θ = θ ∂f/∂θ.
            gradient[i] = parameters[i] * (-d[i] / TotalWeight + 2 * _penalizer * parameters[i]);
        }
        return -logLikelihood / TotalWeight + _penalizer * penalty;
    }

    /// <summary>Σ n ℓ in the caller's original time unit, without penalty, at log-parameters (r, α_s, s, β_s).</summary>
    public double LogLikelihood(ReadOnlySpan<double> point)
    {
        Span<double> unused = stackalloc double[4];
        double scaled = ScaledLogLikelihood(Math.Exp(point[0]), Math.Exp(point[1]), Math.Exp(point[2]), Math.Exp(point[3]), unused);
        return scaled + SumWeightedFrequency * Math.Log(TimeScale);
    }

    private double ScaledLogLikelihood(double r, double alpha, double s, double beta, Span<double> derivative)
    {
        var logAlphaTime = new double[_times.Length];
        var logBetaTime = new double[_times.Length];
        for (int k = 0; k < _times.Length; k++)
        {
            logAlphaTime[k] = Math.Log(alpha + _times[k]);
            logBetaTime[k] = Math.Log(beta + _times[k]);
        }

        double logAlpha = Math.Log(alpha), logBeta = Math.Log(beta);
        double logLikelihood = TotalWeight * (r * logAlpha + s * logBeta);
        double dR = TotalWeight * logAlpha, dAlpha = TotalWeight * r / alpha, dS = TotalWeight * logBeta, dBeta = TotalWeight * s / beta;
        for (int j = 0; j < _frequencies.Length; j++)
        {
            int x = _frequencies[j];
            logLikelihood += _weightByFrequency[j] * SpecialFunctions.LogGammaRatio(r, x);
            dR += _weightByFrequency[j] * SpecialFunctions.DigammaDifference(r, x);
        }

        // Every customer without repeat purchases has the same second tail, G(0; r, s+1).
        double logNoRepeatTail = Math.Log(s) + ParetoNbdTail.Log(r, s + 1, alpha, beta, 0, logAlpha, logBeta, true, out var noRepeatGradient);
        noRepeatGradient.S += 1 / s;
        var context = new Context(r, alpha, s, beta, logAlphaTime, logBetaTime, logNoRepeatTail, noRepeatGradient,
            new double[_pairFrequency.Length], new TailGradient[_pairFrequency.Length]);
        int pairChunks = (_pairFrequency.Length + ChunkSize - 1) / ChunkSize;
        if (pairChunks > 1)
        {
            Parallel.For(0, pairChunks, _parallelOptions, chunk => EvaluatePairs(context, chunk));
        }
        else if (pairChunks == 1)
        {
            EvaluatePairs(context, 0);
        }

        int chunks = (_weight.Length + ChunkSize - 1) / ChunkSize;
        var partials = new Sums[chunks];
        if (chunks > 1)
        {
            Parallel.For(0, chunks, _parallelOptions, chunk => partials[chunk] = SumChunk(context, chunk));
        }
        else if (chunks == 1)
        {
            partials[0] = SumChunk(context, 0);
        }
        foreach (var partial in partials)
        {
            logLikelihood += partial.LogLikelihood;
            dR += partial.R;
            dAlpha += partial.Alpha;
            dS += partial.S;
            dBeta += partial.Beta;
        }
        derivative[0] = dR;
        derivative[1] = dAlpha;
        derivative[2] = dS;
        derivative[3] = dBeta;
        return logLikelihood;
    }

    /// <summary>ln((r+x) G(T; r+x+1, s)) or ln(s G(t_x; r+x, s+1)) and its gradient for one chunk of distinct pairs.</summary>
    private void EvaluatePairs(Context context, int chunk)
    {
        int start = chunk * ChunkSize;
        int end = Math.Min(start + ChunkSize, _pairFrequency.Length);
        double r = context.R, alpha = context.Alpha, s = context.S, beta = context.Beta;
        double logS = Math.Log(s), inverseS = 1 / s;
        for (int i = start; i < end; i++)
        {
            int time = _pairTimeIndex[i];
            double shape = r + _pairFrequency[i];
            if (i < _firstPairCount)
            {
                context.LogTerms[i] = Math.Log(shape) + ParetoNbdTail.Log(shape + 1, s, alpha, beta, _times[time],
                    context.LogAlphaTime[time], context.LogBetaTime[time], true, out context.Gradients[i]);
                context.Gradients[i].R += 1 / shape;
            }
            else
            {
                context.LogTerms[i] = logS + ParetoNbdTail.Log(shape, s + 1, alpha, beta, _times[time],
                    context.LogAlphaTime[time], context.LogBetaTime[time], true, out context.Gradients[i]);
                context.Gradients[i].S += inverseS;
            }
        }
    }

    private Sums SumChunk(Context context, int chunk)
    {
        int start = chunk * ChunkSize;
        int end = Math.Min(start + ChunkSize, _weight.Length);
        double[] logTerms = context.LogTerms;
        TailGradient[] gradients = context.Gradients;
        var sums = default(Sums);
        for (int i = start; i < end; i++)
        {
            double n = _weight[i];
            int firstPair = _firstPair[i], secondPair = _secondPair[i];
            double logFirst = logTerms[firstPair];
            double logSecond = secondPair < 0 ? context.LogNoRepeatTail : logTerms[secondPair];
            ref readonly TailGradient first = ref gradients[firstPair];
            ref readonly TailGradient second = ref (secondPair < 0 ? ref context.NoRepeatGradientReference : ref gradients[secondPair]);

            // ln(e^first + e^second) and the two weights of its derivative.
            double high = Math.Max(logFirst, logSecond);
            double firstShare = Math.Exp(logFirst - high), secondShare = Math.Exp(logSecond - high);
            double total = firstShare + secondShare;
            firstShare /= total;
            secondShare /= total;
            sums.LogLikelihood += n * (high + Math.Log(total));
            sums.R += n * (firstShare * first.R + secondShare * second.R);
            sums.Alpha += n * (firstShare * first.Alpha + secondShare * second.Alpha);
            sums.S += n * (firstShare * first.S + secondShare * second.S);
            sums.Beta += n * (firstShare * first.Beta + secondShare * second.Beta);
        }
        return sums;
    }

    private sealed class Context(double r, double alpha, double s, double beta, double[] logAlphaTime, double[] logBetaTime,
        double logNoRepeatTail, TailGradient noRepeatGradient, double[] logTerms, TailGradient[] gradients)
    {
        private readonly TailGradient[] _noRepeatGradient = [noRepeatGradient];

        public double R { get; } = r;
        public double Alpha { get; } = alpha;
        public double S { get; } = s;
        public double Beta { get; } = beta;
        public double[] LogAlphaTime { get; } = logAlphaTime;
        public double[] LogBetaTime { get; } = logBetaTime;
        public double LogNoRepeatTail { get; } = logNoRepeatTail;
        public ref TailGradient NoRepeatGradientReference => ref _noRepeatGradient[0];

        /// <summary>Per distinct pair: ln of its term of the evidence, and its gradient.</summary>
        public double[] LogTerms { get; } = logTerms;
        public TailGradient[] Gradients { get; } = gradients;
    }

    private struct Sums
    {
        public double LogLikelihood;
        public double R;
        public double Alpha;
        public double S;
        public double Beta;
    }
}
