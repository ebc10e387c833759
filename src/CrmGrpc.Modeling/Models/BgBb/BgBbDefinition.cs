namespace CrmGrpc.Modeling.Models.BgBb;

/// <summary>BG/BB in the catalog: <see cref="BgBbModel"/>'s fit on <see cref="ModelData.DiscreteHistories"/> and <see cref="BgBbParameters"/>' predictions.</summary>
public sealed class BgBbDefinition : IModelDefinition
{
    /// <summary>Fewer customers than this cannot identify four parameters.</summary>
    public const int MinCustomers = 10;

    public ModelKind Kind => ModelKind.BgBb;

    public string Name => "bg-bb";

    public string DisplayName => "BG/BB";

    public ModelFamily Family => ModelFamily.Purchase;

    public IReadOnlyList<string> ParameterNames { get; } = ["alpha", "beta", "gamma", "delta"];

    public ModelInputs Inputs => ModelInputs.DiscreteHistories;

    public ModelFit Fit(ModelData data, ModelFitSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        var histories = data.DiscreteHistories.ToArray();
        long customers = histories.Sum(h => (long)h.Weight);
        if (customers < MinCustomers)
        {
            throw new ModelFitException($"{customers} customers purchased by the calibration end; {DisplayName} needs at least {MinCustomers}");
        }
        if (!histories.Any(h => h.Age >= 1))
        {
            throw new ModelFitException($"no customer has a whole {Describe(data.Unit)} after their first by the calibration end, so {DisplayName} has no transaction opportunity to fit");
        }
        if (!histories.Any(h => h.Frequency > 0))
        {
            throw new ModelFitException($"no customer bought in a {Describe(data.Unit)} after their first, so {DisplayName} cannot be fitted");
        }

        BgBbFitResult fit;
        try
        {
            fit = BgBbModel.Fit(histories, new BgBbFitOptions
            {
                PenalizerCoefficient = settings.PenalizerCoefficient,
                MaxDegreeOfParallelism = settings.MaxDegreeOfParallelism,
            }, cancellationToken);
        }
        catch (ArgumentException exception) when (exception.ParamName == "histories")
        {
            throw new ModelFitException($"the discrete histories are not valid for {DisplayName}: {exception.Message}");
        }
        return From(fit);
    }

    /// <summary>The catalog's form of a <see cref="BgBbModel"/> fit.</summary>
    /// <exception cref="ModelFitException">The fit did not give finite estimates.</exception>
    public ModelFit From(BgBbFitResult fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var p = fit.Parameters;
        double[] values = [p.Alpha, p.Beta, p.Gamma, p.Delta];
        if (!double.IsFinite(fit.LogLikelihood) || values.Any(v => !double.IsFinite(v)))
        {
            throw new ModelFitException($"the {DisplayName} fit on these data did not give finite estimates; the book cannot be modelled as it is");
        }
        var errors = fit.StandardErrors is { } se ? new ParameterSet(ParameterNames, [se.Alpha, se.Beta, se.Gamma, se.Delta]) : null;
        var warnings = new List<string>(fit.Warnings);
        if (!fit.Converged)
        {
            warnings.Insert(0, $"the optimiser ({fit.Method}) stopped after {fit.Iterations} iterations without meeting its tolerance");
        }
        return new ModelFit(Kind, new ParameterSet(ParameterNames, values), errors, fit.LogLikelihood, fit.CustomerCount, fit.Converged, fit.Iterations)
        {
            Warnings = warnings,
        };
    }

    public object? CreatePredictor(ParameterSet parameters)
    {
        ModelCatalog.ValidatePositive(this, parameters);
        return new BgBbPredictor(new BgBbParameters(parameters["alpha"], parameters["beta"], parameters["gamma"], parameters["delta"]));
    }

    private static string Describe(TimeUnit unit) => unit switch
    {
        TimeUnit.Days => "day",
        TimeUnit.Weeks => "week",
        TimeUnit.Months => "month",
        TimeUnit.Years => "year",
        _ => "period",
    };
}

/// <summary>
/// BG/BB predictions behind the catalog's interface. Every time is a number of whole periods (transaction opportunities):
/// the history's recency t_x and age n, the horizon and the time since the first purchase are floored to whole periods
/// first, so 2.9 periods count as 2 (a period only counts once it has ended). The frequency is x, the periods after the
/// first with a purchase.
/// </summary>
public sealed class BgBbPredictor(BgBbParameters parameters) : IPurchasePredictor
{
    public BgBbParameters Parameters { get; } = parameters;

    public ModelKind Kind => ModelKind.BgBb;

    /// <summary>P(alive at opportunity n), t_x and n floored to whole periods.</summary>
    /// <exception cref="ArgumentException">Not a discrete history after flooring (0 ≤ x ≤ t_x ≤ n, t_x = 0 exactly when x = 0).</exception>
    public double ProbabilityAlive(in TimedHistory history)
        => Parameters.ProbabilityAlive(history.Frequency, Periods(history.Recency), Periods(history.Age));

    /// <summary>Expected purchases in the next ⌊<paramref name="horizon"/>⌋ opportunities, t_x and n floored to whole periods.</summary>
    /// <exception cref="ArgumentException">Not a discrete history after flooring, or a negative or non-finite horizon.</exception>
    public double ExpectedPurchases(in TimedHistory history, double horizon)
        => Parameters.ConditionalExpectedPurchases(LongPeriods(horizon), history.Frequency, Periods(history.Recency), Periods(history.Age));

    /// <summary>Expected purchases for each horizon, P(alive) computed once (t_x and n floored as above).</summary>
    /// <exception cref="ArgumentException">Not a discrete history after flooring, or a negative or non-finite horizon.</exception>
    public void ExpectedPurchases(in TimedHistory history, ReadOnlySpan<double> horizons, Span<double> destination)
    {
        Span<long> periods = horizons.Length <= 256 ? stackalloc long[horizons.Length] : new long[horizons.Length];
        for (int i = 0; i < horizons.Length; i++)
        {
            periods[i] = LongPeriods(horizons[i]);
        }

        Parameters.ConditionalExpectedPurchases(periods, history.Frequency, Periods(history.Recency), Periods(history.Age), destination);
    }

    /// <summary>E[X(n)] over the first ⌊<paramref name="sinceFirstPurchase"/>⌋ opportunities after the first purchase.</summary>
    /// <exception cref="ArgumentException">A negative or non-finite time.</exception>
    public double ExpectedRepeatPurchases(double sinceFirstPurchase) => Parameters.ExpectedPurchases(LongPeriods(sinceFirstPurchase));

    private static int Periods(double time)
    {
        if (!double.IsFinite(time) || time < 0 || time >= int.MaxValue)
            throw new ArgumentException(FormattableString.Invariant($"A time in periods must be a finite non-negative number (got {time})."), nameof(time));
        return (int)Math.Floor(time);
    }

    private static long LongPeriods(double time)
    {
        // 2^53: every whole number up to it is exact in a double.
        if (!double.IsFinite(time) || time < 0 || time > 9007199254740992.0)
            throw new ArgumentException(FormattableString.Invariant($"A number of periods must be finite, non-negative and below 2^53 (got {time})."), nameof(time));
        return (long)Math.Floor(time);
    }
}
