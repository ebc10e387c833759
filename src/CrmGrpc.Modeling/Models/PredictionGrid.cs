namespace CrmGrpc.Modeling.Models;

/// <summary>
/// A purchase model's P(alive) and expected purchases over a grid of histories at one age T: rows are frequencies
/// 0…<see cref="Frequencies"/>.Length − 1, columns the <see cref="Recencies"/> (the frequency/recency heatmaps).
/// A row without repeat purchases repeats the value of the history (0, 0, T), since such a customer has no recency;
/// cells that are no possible history of the model (a period model's x &gt; t_x) hold NaN.
/// </summary>
public sealed class PredictionGrid
{
    public const int MaxSize = 200;

    private PredictionGrid(double age, int[] frequencies, double[] recencies, double[,] probabilityAlive, double[,] expectedPurchases)
    {
        Age = age;
        Frequencies = frequencies;
        Recencies = recencies;
        ProbabilityAlive = probabilityAlive;
        ExpectedPurchases = expectedPurchases;
    }

    /// <summary>The age T of every cell (a period model's whole periods).</summary>
    public double Age { get; }

    public IReadOnlyList<int> Frequencies { get; }

    public IReadOnlyList<double> Recencies { get; }

    /// <summary>[row, column] as <see cref="Frequencies"/> × <see cref="Recencies"/>.</summary>
    public double[,] ProbabilityAlive { get; }

    /// <summary>Expected repeat purchases in (T, T + horizon], [row, column].</summary>
    public double[,] ExpectedPurchases { get; }

    /// <summary>
    /// Builds the grid. A period model (<paramref name="wholePeriods"/>: BG/BB) takes whole periods: T is floored, the
    /// columns are whole periods (every period when T has at most <paramref name="recencySteps"/>, else evenly spread
    /// and rounded), and at most T rows.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size outside 1…<see cref="MaxSize"/>, or a negative or non-finite time.</exception>
    public static PredictionGrid Build(IPurchasePredictor predictor, bool wholePeriods, int maxFrequency, int recencySteps, double age, double horizon)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFrequency);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrequency, MaxSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recencySteps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(recencySteps, MaxSize);
        if (!double.IsFinite(age) || age < 0) throw new ArgumentOutOfRangeException(nameof(age), age, "The age must be finite and not negative.");
        if (!double.IsFinite(horizon) || horizon < 0) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon must be finite and not negative.");

        double[] recencies;
        if (wholePeriods)
        {
            age = Math.Floor(age);
            maxFrequency = (int)Math.Min(maxFrequency, age);
            recencies = age <= recencySteps
                ? [.. Enumerable.Range(0, (int)age + 1).Select(j => (double)j)]
                : [.. Enumerable.Range(0, recencySteps + 1).Select(j => Math.Round(age * j / recencySteps)).Distinct()];
        }
        else
        {
            recencies = [.. Enumerable.Range(0, recencySteps + 1).Select(j => j == recencySteps ? age : age * j / recencySteps)];
        }

        var frequencies = Enumerable.Range(0, maxFrequency + 1).ToArray();
        var alive = new double[frequencies.Length, recencies.Length];
        var expected = new double[frequencies.Length, recencies.Length];
        var neverRepeated = new TimedHistory(0, 0, age, 0);
        double aliveWithout = predictor.ProbabilityAlive(neverRepeated);
        double expectedWithout = predictor.ExpectedPurchases(neverRepeated, horizon);
        for (int column = 0; column < recencies.Length; column++)
        {
            alive[0, column] = aliveWithout;
            expected[0, column] = expectedWithout;
        }

        for (int row = 1; row < frequencies.Length; row++)
        {
            for (int column = 0; column < recencies.Length; column++)
            {
                double recency = recencies[column];
                if (wholePeriods && frequencies[row] > recency)
                {
                    alive[row, column] = double.NaN;
                    expected[row, column] = double.NaN;
                    continue;
                }

                // The log inter-purchase sum only scales BG/CNBD-k's likelihood: it cancels from P(alive) and expectations.
                var history = new TimedHistory(frequencies[row], recency, age, 0);
                alive[row, column] = predictor.ProbabilityAlive(history);
                expected[row, column] = predictor.ExpectedPurchases(history, horizon);
            }
        }

        return new PredictionGrid(age, frequencies, recencies, alive, expected);
    }
}
