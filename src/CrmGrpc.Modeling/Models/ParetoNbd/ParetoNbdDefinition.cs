namespace CrmGrpc.Modeling.Models.ParetoNbd;

/// <summary>Pareto/NBD in the catalog: <see cref="ParetoNbdFitter"/>'s fit and <see cref="ParetoNbdParameters"/>' predictions.</summary>
public sealed class ParetoNbdDefinition : IModelDefinition
{
    /// <summary>Fewer purchasing customers than this cannot identify four parameters.</summary>
    public const int MinCustomers = 10;

    public ModelKind Kind => ModelKind.ParetoNbd;

    public string Name => "pareto-nbd";

    public string DisplayName => "Pareto/NBD";

    public ModelFamily Family => ModelFamily.Purchase;

    public IReadOnlyList<string> ParameterNames { get; } = ["r", "alpha", "s", "beta"];

    public ModelInputs Inputs => ModelInputs.Histories;

    public ModelFit Fit(ModelData data, ModelFitSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        if (!(settings.PenalizerCoefficient >= 0) || !double.IsFinite(settings.PenalizerCoefficient))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.PenalizerCoefficient, "The penalizer coefficient must be finite and non-negative.");
        }
        var histories = data.Histories.ToArray();
        long customers = 0;
        foreach (var history in histories)
        {
            history.Validate(nameof(data));
            customers += history.Weight;
        }
        if (customers < MinCustomers)
        {
            throw new ModelFitException($"{customers} customers purchased by the calibration end; {DisplayName} needs at least {MinCustomers}");
        }
        if (!histories.Any(h => h.Frequency > 0))
        {
            throw new ModelFitException($"no customer has a repeat purchase day, so {DisplayName} cannot be fitted");
        }
        return ParetoNbdFitter.Fit(histories, settings.PenalizerCoefficient, settings.MaxDegreeOfParallelism, ParameterNames, cancellationToken);
    }

    public object? CreatePredictor(ParameterSet parameters)
    {
        ModelCatalog.ValidatePositive(this, parameters);
        return new ParetoNbdPredictor(new ParetoNbdParameters(parameters["r"], parameters["alpha"], parameters["s"], parameters["beta"]));
    }
}

/// <summary>Pareto/NBD predictions behind the catalog's interface.</summary>
public sealed class ParetoNbdPredictor(ParetoNbdParameters parameters) : IPurchasePredictor
{
    public ParetoNbdParameters Parameters { get; } = parameters;

    public ModelKind Kind => ModelKind.ParetoNbd;

    public double ProbabilityAlive(in TimedHistory history) => Parameters.ProbabilityAlive(history.Frequency, history.Recency, history.Age);

    public double ExpectedPurchases(in TimedHistory history, double horizon) =>
        Parameters.ConditionalExpectedPurchases(horizon, history.Frequency, history.Recency, history.Age);

    public void ExpectedPurchases(in TimedHistory history, ReadOnlySpan<double> horizons, Span<double> destination) =>
        Parameters.ConditionalExpectedPurchases(horizons, history.Frequency, history.Recency, history.Age, destination);

    public double ExpectedRepeatPurchases(double sinceFirstPurchase) => Parameters.ExpectedPurchases(sinceFirstPurchase);
}
