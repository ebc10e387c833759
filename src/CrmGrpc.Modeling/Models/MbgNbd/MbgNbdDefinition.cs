namespace CrmGrpc.Modeling.Models.MbgNbd;

/// <summary>MBG/NBD in the catalog: <see cref="MbgNbdFitter"/>'s fit and <see cref="MbgNbdParameters"/>' predictions.</summary>
public sealed class MbgNbdDefinition : IModelDefinition
{
    /// <summary>Fewer purchasing customers than this cannot identify four parameters.</summary>
    public const int MinCustomers = 10;

    public ModelKind Kind => ModelKind.MbgNbd;

    public string Name => "mbg-nbd";

    public string DisplayName => "MBG/NBD";

    public ModelFamily Family => ModelFamily.Purchase;

    public IReadOnlyList<string> ParameterNames { get; } = ["r", "alpha", "a", "b"];

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
        return MbgNbdFitter.Fit(histories, settings.PenalizerCoefficient, settings.MaxDegreeOfParallelism, ParameterNames, cancellationToken);
    }

    public object? CreatePredictor(ParameterSet parameters)
    {
        ModelCatalog.ValidatePositive(this, parameters);
        return new MbgNbdPredictor(new MbgNbdParameters(parameters["r"], parameters["alpha"], parameters["a"], parameters["b"]));
    }
}

/// <summary>MBG/NBD predictions behind the catalog's interface.</summary>
public sealed class MbgNbdPredictor(MbgNbdParameters parameters) : IPurchasePredictor
{
    public MbgNbdParameters Parameters { get; } = parameters;

    public ModelKind Kind => ModelKind.MbgNbd;

    public double ProbabilityAlive(in TimedHistory history) => Parameters.ProbabilityAlive(history.Frequency, history.Recency, history.Age);

    public double ExpectedPurchases(in TimedHistory history, double horizon) =>
        Parameters.ConditionalExpectedPurchases(horizon, history.Frequency, history.Recency, history.Age);

    public double ExpectedRepeatPurchases(double sinceFirstPurchase) => Parameters.ExpectedPurchases(sinceFirstPurchase);
}
