using System.Runtime.InteropServices;
using CrmGrpc.Modeling.Numerics;

namespace CrmGrpc.Modeling;

/// <summary>
/// The Gamma-Gamma fitting objective in lifetimes' convention:
/// f(θ) = −(Σ n ℓ)/(Σ n) + penalizer · (p² + q² + γ²), θ = ln(p, q, γ), with the analytic gradient.
/// Terms in x alone are aggregated per distinct x and terms in z̄ alone are summed once, so each evaluation costs
/// one log and one division per customer.
/// </summary>
internal sealed class GammaGammaLikelihood : IDifferentiableObjective
{
    private const int ChunkSize = 16_384;

    private readonly double[] _weight;
    private readonly double[] _frequency;
    private readonly double[] _spendTotal; // x · z̄
    private readonly int[] _frequencies;
    private readonly double[] _weightByFrequency;
    private readonly double _sumWeightedFrequencyLogSpend;
    private readonly double _sumWeightedLogSpend;
    private readonly double _sumWeightedFrequencyLogFrequency;
    private readonly double _penalizer;
    private readonly ParallelOptions _parallelOptions;

    public GammaGammaLikelihood(ReadOnlySpan<SpendHistory> histories, double penalizer, int maxDegreeOfParallelism,
        CancellationToken cancellationToken = default)
    {
        _penalizer = penalizer;
        // The token stops an evaluation between chunks (Parallel.For checks it before each), so a cancelled fit
        // stops within one chunk's work, not one evaluation's.
        // Chunks run on the creator's scheduler: the server fits on its low-priority heavy threads, not the thread pool.
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Current };
        int count = histories.Length;
        _weight = new double[count];
        _frequency = new double[count];
        _spendTotal = new double[count];
        var byFrequency = new Dictionary<int, double>();
        for (int i = 0; i < count; i++)
        {
            var history = histories[i];
            double n = history.Weight, x = history.Frequency, logSpend = Math.Log(history.AverageSpend);
            _weight[i] = n;
            _frequency[i] = x;
            _spendTotal[i] = x * history.AverageSpend;
            TotalWeight += n;
            _sumWeightedFrequencyLogSpend += n * x * logSpend;
            _sumWeightedLogSpend += n * logSpend;
            _sumWeightedFrequencyLogFrequency += n * x * Math.Log(x);
            CollectionsMarshal.GetValueRefOrAddDefault(byFrequency, history.Frequency, out _) += n;
        }
        // In ascending x, so the per-x sums add up in the same order whatever order the customers came in.
        _frequencies = [.. byFrequency.Keys.Order()];
        _weightByFrequency = [.. _frequencies.Select(x => byFrequency[x])];
    }

    public int Dimension => 3;

    public double TotalWeight { get; }

    public double Evaluate(ReadOnlySpan<double> point, Span<double> gradient)
    {
        double p = Math.Exp(point[0]), q = Math.Exp(point[1]), gamma = Math.Exp(point[2]);
        Span<double> d = stackalloc double[3];
        double logLikelihood = LogLikelihood(p, q, gamma, d);
        Span<double> parameters = [p, q, gamma];
        double penalty = 0;
        for (int i = 0; i < 3; i++)
        {
            penalty += parameters[i] * parameters[i];
            gradient[i] = parameters[i] * (-d[i] / TotalWeight + 2 * _penalizer * parameters[i]);
        }
        return -logLikelihood / TotalWeight + _penalizer * penalty;
    }

    /// <summary>Σ n ℓ without penalty at log-parameters.</summary>
    public double LogLikelihood(ReadOnlySpan<double> point)
    {
        Span<double> unused = stackalloc double[3];
        return LogLikelihood(Math.Exp(point[0]), Math.Exp(point[1]), Math.Exp(point[2]), unused);
    }

    private double LogLikelihood(double p, double q, double gamma, Span<double> derivative)
    {
        double logGamma = Math.Log(gamma);
        double logLikelihood = -TotalWeight * SpecialFunctions.LogGamma(q) + TotalWeight * q * logGamma
            + p * _sumWeightedFrequencyLogSpend - _sumWeightedLogSpend + p * _sumWeightedFrequencyLogFrequency;
        double dP = _sumWeightedFrequencyLogSpend + _sumWeightedFrequencyLogFrequency;
        double dQ = TotalWeight * logGamma;
        double dGamma = TotalWeight * q / gamma;

        // ln Γ(px+q) − ln Γ(px) and the digamma differences, per distinct x, in cancellation-free form.
        for (int j = 0; j < _frequencies.Length; j++)
        {
            double x = _frequencies[j], n = _weightByFrequency[j], px = p * x;
            logLikelihood += n * SpecialFunctions.LogGammaDifference(px, q);
            dP += n * x * SpecialFunctions.DigammaDifference(px, q);
            dQ += n * SpecialFunctions.DigammaDifference(q, px);
        }

        // Σ n (px+q) ln(γ + x z̄) and its derivatives, over customers.
        int chunks = (_weight.Length + ChunkSize - 1) / ChunkSize;
        var partials = new CustomerSums[chunks];
        if (chunks > 1) Parallel.For(0, chunks, _parallelOptions, chunk => partials[chunk] = SumChunk(chunk, gamma));
        else if (chunks == 1) partials[0] = SumChunk(0, gamma);
        double frequencyLog = 0, log = 0, frequencyInverse = 0, inverse = 0;
        foreach (var partial in partials)
        {
            frequencyLog += partial.FrequencyLog;
            log += partial.Log;
            frequencyInverse += partial.FrequencyInverse;
            inverse += partial.Inverse;
        }
        logLikelihood -= p * frequencyLog + q * log;
        dP -= frequencyLog;
        dQ -= log;
        dGamma -= p * frequencyInverse + q * inverse;

        derivative[0] = dP;
        derivative[1] = dQ;
        derivative[2] = dGamma;
        return logLikelihood;
    }

    private CustomerSums SumChunk(int chunk, double gamma)
    {
        int start = chunk * ChunkSize;
        int end = Math.Min(start + ChunkSize, _weight.Length);
        double frequencyLog = 0, log = 0, frequencyInverse = 0, inverse = 0;
        for (int i = start; i < end; i++)
        {
            double sum = gamma + _spendTotal[i];
            double n = _weight[i], nx = n * _frequency[i];
            double logSum = Math.Log(sum), inverseSum = 1 / sum;
            frequencyLog += nx * logSum;
            log += n * logSum;
            frequencyInverse += nx * inverseSum;
            inverse += n * inverseSum;
        }
        return new CustomerSums(frequencyLog, log, frequencyInverse, inverse);
    }

    private readonly record struct CustomerSums(double FrequencyLog, double Log, double FrequencyInverse, double Inverse);
}
