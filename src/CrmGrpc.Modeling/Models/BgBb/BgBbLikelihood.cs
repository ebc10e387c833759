using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling.Models.BgBb;

/// <summary>
/// The BG/BB fitting objective over collapsed histories, lifetimes' convention f(θ) = −(Σ_i w_i ℓ_i)/(Σ_i w_i) +
/// penalizer · (α² + β² + γ² + δ²) in log-parameters θ = ln(α, β, γ, δ), with the analytic gradient.
/// </summary>
/// <remarks>
/// Every Beta-function ratio of the likelihood is a difference of the cumulative sums Σ_{i&lt;k} ln(v+i) for v = α, β,
/// α+β, δ, γ+δ (and ψ(v+k) − ψ(v) = Σ_{i&lt;k} 1/(v+i) for the gradient), tabulated once per evaluation up to the
/// largest n, so the per-history work has no special functions. Histories are grouped by (x, n): within a group the
/// dropout sum S(t) = Σ_{j=t}^{n−1} term(j) of every t_x is built in one backward pass, S(t) = term(t) · R(t) with
/// R(t) = 1 + ρ(t) R(t+1) and ρ the rational ratio of consecutive terms (no cancellation, no underflow), and its
/// gradient likewise. Groups are summed in fixed-size chunks in order (in parallel when there are several), so the
/// result does not depend on the number of cores.
/// </remarks>
internal sealed class BgBbLikelihood : IDifferentiableObjective
{
    private const int GroupsPerChunk = 64;

    // Groups (x, n): their histories are _recency/_weight[_groupStart[g] .. _groupStart[g+1]), t_x descending.
    private readonly int[] _groupFrequency;
    private readonly int[] _groupPeriods;
    private readonly int[] _groupStart;
    private readonly int[] _recency;
    private readonly double[] _weight;
    private readonly int _maxPeriods;
    private readonly double _penalizer;
    private readonly ParallelOptions _parallelOptions;

    /// <param name="histories">Validated whole-number histories (x, t_x, T = n) with their weights, in any order.</param>
    public BgBbLikelihood(ReadOnlySpan<WeightedSummary> histories, double penalizer, int maxDegreeOfParallelism,
        CancellationToken cancellationToken = default)
    {
        _penalizer = penalizer;
        // Chunks run on the creator's scheduler: the server fits on its low-priority heavy threads, not the thread pool.
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Current };

        var sorted = histories.ToArray();
        Array.Sort(sorted, static (left, right) =>
        {
            int byFrequency = left.Frequency.CompareTo(right.Frequency);
            if (byFrequency != 0) return byFrequency;
            int byPeriods = left.Age.CompareTo(right.Age);
            return byPeriods != 0 ? byPeriods : right.Recency.CompareTo(left.Recency);
        });

        var groupFrequency = new List<int>();
        var groupPeriods = new List<int>();
        var groupStart = new List<int>();
        _recency = new int[sorted.Length];
        _weight = new double[sorted.Length];
        for (int i = 0; i < sorted.Length; i++)
        {
            var history = sorted[i];
            int periods = (int)history.Age;
            if (i == 0 || history.Frequency != sorted[i - 1].Frequency || history.Age != sorted[i - 1].Age)
            {
                groupFrequency.Add(history.Frequency);
                groupPeriods.Add(periods);
                groupStart.Add(i);
            }
            _recency[i] = (int)history.Recency;
            _weight[i] = history.Weight;
            TotalWeight += history.Weight;
            _maxPeriods = Math.Max(_maxPeriods, periods);
        }
        groupStart.Add(sorted.Length);
        _groupFrequency = [.. groupFrequency];
        _groupPeriods = [.. groupPeriods];
        _groupStart = [.. groupStart];
    }

    public int Dimension => 4;

    /// <summary>Number of customers Σ w.</summary>
    public double TotalWeight { get; }

    public double Evaluate(ReadOnlySpan<double> point, Span<double> gradient)
    {
        Span<double> parameters = [Math.Exp(point[0]), Math.Exp(point[1]), Math.Exp(point[2]), Math.Exp(point[3])];
        Span<double> derivative = stackalloc double[4];
        double logLikelihood = Sum(parameters[0], parameters[1], parameters[2], parameters[3], derivative);
        double penalty = 0;
        for (int i = 0; i < 4; i++)
        {
            penalty += parameters[i] * parameters[i];
            // Chain rule to log-parameters: ∂f/∂ln θ = θ ∂f/∂θ.
            gradient[i] = parameters[i] * (-derivative[i] / TotalWeight + 2 * _penalizer * parameters[i]);
        }
        return -logLikelihood / TotalWeight + _penalizer * penalty;
    }

    /// <summary>Σ w ℓ without penalty at log-parameters ln(α, β, γ, δ).</summary>
    public double LogLikelihood(ReadOnlySpan<double> point)
    {
        Span<double> unused = stackalloc double[4];
        return Sum(Math.Exp(point[0]), Math.Exp(point[1]), Math.Exp(point[2]), Math.Exp(point[3]), unused);
    }

    private double Sum(double alpha, double beta, double gamma, double delta, Span<double> derivative)
    {
        var tables = new Tables(alpha, beta, gamma, delta, _maxPeriods);
        int groups = _groupFrequency.Length;
        int chunks = (groups + GroupsPerChunk - 1) / GroupsPerChunk;
        var partials = new Partial[chunks];
        if (chunks > 1)
        {
            Parallel.For(0, chunks, _parallelOptions, chunk => partials[chunk] = SumChunk(tables, chunk));
        }
        else if (chunks == 1)
        {
            partials[0] = SumChunk(tables, 0);
        }
        double logLikelihood = 0;
        derivative.Clear();
        foreach (var partial in partials)
        {
            logLikelihood += partial.LogLikelihood;
            derivative[0] += partial.Alpha;
            derivative[1] += partial.Beta;
            derivative[2] += partial.Gamma;
            derivative[3] += partial.Delta;
        }
        return logLikelihood;
    }

    private Partial SumChunk(Tables t, int chunk)
    {
        int first = chunk * GroupsPerChunk;
        int last = Math.Min(first + GroupsPerChunk, _groupFrequency.Length);
        double logLikelihood = 0, dAlpha = 0, dBeta = 0, dGamma = 0, dDelta = 0;
        double logGamma = Math.Log(t.Gamma), inverseGamma = 1 / t.Gamma;
        for (int g = first; g < last; g++)
        {
            int x = _groupFrequency[g], n = _groupPeriods[g];
            int start = _groupStart[g], end = _groupStart[g + 1];

            // Alive at n: B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ).
            double aliveLog = t.LogA[x] + t.LogB[n - x] - t.LogAb[n] + t.LogD[n] - t.LogGd[n];
            double aliveA = t.PsiA[x] - t.PsiAb[n], aliveB = t.PsiB[n - x] - t.PsiAb[n];
            double aliveG = -t.PsiGd[n], aliveD = t.PsiD[n] - t.PsiGd[n];

            // Dropout sum S(j) = term(j) R(j), walked from j = n−1 down to the smallest t_x; U* = R(j) · ∂ ln S(j), kept
            // unnormalised so a step has no division (only a history at j divides by R).
            int h = start;
            double relative = 0, sumA = 0, sumB = 0, sumG = 0, sumD = 0;
            for (; h < end && _recency[h] == n; h++)
            {
                double w = _weight[h];
                logLikelihood += w * aliveLog;
                dAlpha += w * aliveA;
                dBeta += w * aliveB;
                dGamma += w * aliveG;
                dDelta += w * aliveD;
            }
            if (h == end) continue;
            int lowest = _recency[end - 1];
            for (int j = n - 1; j >= lowest; j--)
            {
                // ∂ ln term(j).
                double termA = t.PsiA[x] - t.PsiAb[j], termB = t.PsiB[j - x] - t.PsiAb[j];
                double termG = inverseGamma - t.PsiGd[j + 1], termD = t.PsiD[j] - t.PsiGd[j + 1];
                if (j == n - 1)
                {
                    relative = 1;
                    sumA = termA; sumB = termB; sumG = termG; sumD = termD;
                }
                else
                {
                    // ρ(j) = term(j+1)/term(j) = (β+j−x)/(α+β+j) · (δ+j)/(γ+δ+1+j).
                    double ratio = (t.Beta + (j - x)) * t.DropoutRatio[j];
                    relative = 1 + ratio * relative;
                    sumA = termA + ratio * sumA;
                    sumB = termB + ratio * sumB;
                    sumG = termG + ratio * sumG;
                    sumD = termD + ratio * sumD;
                }
                if (_recency[h] != j) continue;

                double dropoutLog = t.LogA[x] + t.LogB[j - x] - t.LogAb[j] + logGamma + t.LogD[j] - t.LogGd[j + 1] + Math.Log(relative);
                double softPlus = SpecialFunctions.SoftPlus(dropoutLog - aliveLog, out double dropoutShare);
                double historyLog = aliveLog + softPlus;
                double aliveShare = 1 - dropoutShare, dropoutPerRelative = dropoutShare / relative;
                double gA = aliveShare * aliveA + dropoutPerRelative * sumA;
                double gB = aliveShare * aliveB + dropoutPerRelative * sumB;
                double gG = aliveShare * aliveG + dropoutPerRelative * sumG;
                double gD = aliveShare * aliveD + dropoutPerRelative * sumD;
                for (; h < end && _recency[h] == j; h++)
                {
                    double w = _weight[h];
                    logLikelihood += w * historyLog;
                    dAlpha += w * gA;
                    dBeta += w * gB;
                    dGamma += w * gG;
                    dDelta += w * gD;
                }
                if (h == end) break;
            }
        }
        return new Partial(logLikelihood, dAlpha, dBeta, dGamma, dDelta);
    }

    /// <summary>Σ_{i&lt;k} ln(v+i) and Σ_{i&lt;k} 1/(v+i) for k = 0…n (+1 for γ+δ), v = α, β, α+β, δ, γ+δ.</summary>
    private sealed class Tables
    {
        public Tables(double alpha, double beta, double gamma, double delta, int maxPeriods)
        {
            Gamma = gamma;
            Beta = beta;
            Delta = delta;
            AlphaBeta = alpha + beta;
            GammaDelta = gamma + delta;
            (LogA, PsiA) = Cumulative(alpha, maxPeriods);
            (LogB, PsiB) = Cumulative(beta, maxPeriods);
            (LogAb, PsiAb) = Cumulative(AlphaBeta, maxPeriods);
            (LogD, PsiD) = Cumulative(delta, maxPeriods);
            (LogGd, PsiGd) = Cumulative(GammaDelta, maxPeriods + 1);
            DropoutRatio = new double[maxPeriods + 1];
            for (int j = 0; j <= maxPeriods; j++) DropoutRatio[j] = (delta + j) / ((AlphaBeta + j) * (GammaDelta + 1 + j));
        }

        /// <summary>(δ+j) / ((α+β+j)(γ+δ+1+j)): ρ(j) without its (β+j−x) factor.</summary>
        public double[] DropoutRatio { get; }

        public double Gamma { get; }
        public double Beta { get; }
        public double Delta { get; }
        public double AlphaBeta { get; }
        public double GammaDelta { get; }
        public double[] LogA { get; }
        public double[] PsiA { get; }
        public double[] LogB { get; }
        public double[] PsiB { get; }
        public double[] LogAb { get; }
        public double[] PsiAb { get; }
        public double[] LogD { get; }
        public double[] PsiD { get; }
        public double[] LogGd { get; }
        public double[] PsiGd { get; }

        private static (double[] Logs, double[] Inverses) Cumulative(double v, int count)
        {
            var logs = new double[count + 1];
            var inverses = new double[count + 1];
            for (int i = 0; i < count; i++)
            {
                logs[i + 1] = logs[i] + Math.Log(v + i);
                inverses[i + 1] = inverses[i] + 1 / (v + i);
            }
            return (logs, inverses);
        }
    }

    private readonly record struct Partial(double LogLikelihood, double Alpha, double Beta, double Gamma, double Delta);
}
