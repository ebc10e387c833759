namespace CrmGrpc.Modeling.Models.BgNbd;

/// <summary>BG/NBD in the catalog: the fit and predictions of <see cref="BgNbdModel"/> and <see cref="BgNbdParameters"/>.</summary>
public sealed class BgNbdDefinition : IModelDefinition
{
    /// <summary>Fewer purchasing customers than this cannot identify four parameters.</summary>
    public const int MinCustomers = 10;

    public ModelKind Kind => ModelKind.BgNbd;

    public string Name => "bg-nbd";

    public string DisplayName => "BG/NBD";

    public ModelFamily Family => ModelFamily.Purchase;

    public IReadOnlyList<string> ParameterNames { get; } = ["r", "alpha", "a", "b"];

    public ModelInputs Inputs => ModelInputs.Histories;

    public ModelFit Fit(ModelData data, ModelFitSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        var histories = data.Histories.ToArray();
        var customers = histories.Sum(h => (long)h.Weight);
        if (customers < MinCustomers)
        {
            throw new ModelFitException($"{customers} customers purchased by the calibration end; {DisplayName} needs at least {MinCustomers}");
        }
        if (!histories.Any(h => h.Frequency > 0))
        {
            throw new ModelFitException($"no customer has a repeat purchase day, so {DisplayName} cannot be fitted");
        }

        var fit = BgNbdModel.Fit(histories, new BgNbdFitOptions
        {
            PenalizerCoefficient = settings.PenalizerCoefficient,
            MaxDegreeOfParallelism = settings.MaxDegreeOfParallelism,
        }, cancellationToken);
        return From(fit);
    }

    /// <summary>The catalog's form of a <see cref="BgNbdModel"/> fit.</summary>
    /// <exception cref="ModelFitException">The fit did not give finite estimates.</exception>
    public ModelFit From(BgNbdFitResult fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var p = fit.Parameters;
        double[] values = [p.R, p.Alpha, p.A, p.B];
        if (!double.IsFinite(fit.LogLikelihood) || values.Any(v => !double.IsFinite(v)))
        {
            throw new ModelFitException($"the {DisplayName} fit on these data did not give finite estimates; the book cannot be modelled as it is");
        }

        var errors = fit.StandardErrors is { } se ? new ParameterSet(ParameterNames, [se.R, se.Alpha, se.A, se.B]) : null;
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
        return new BgNbdPredictor(new BgNbdParameters(parameters["r"], parameters["alpha"], parameters["a"], parameters["b"]));
    }
}

/// <summary>BG/NBD predictions behind the catalog's interface.</summary>
public sealed class BgNbdPredictor(BgNbdParameters parameters) : IPurchasePredictor
{
    public BgNbdParameters Parameters { get; } = parameters;

    public ModelKind Kind => ModelKind.BgNbd;

    public double ProbabilityAlive(in TimedHistory history) => Parameters.ProbabilityAlive(history.Frequency, history.Recency, history.Age);

    public double ExpectedPurchases(in TimedHistory history, double horizon) =>
        Parameters.ConditionalExpectedPurchases(horizon, history.Frequency, history.Recency, history.Age);

    public double ExpectedRepeatPurchases(double sinceFirstPurchase) => Parameters.ExpectedPurchases(sinceFirstPurchase);
}
