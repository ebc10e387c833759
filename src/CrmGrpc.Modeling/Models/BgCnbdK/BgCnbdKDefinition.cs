namespace CrmGrpc.Modeling.Models.BgCnbdK;

/// <summary>
/// BG/CNBD-k in the catalog (Platzer &amp; Reutterer 2016, as in BTYDplus): Erlang-k inter-purchase times, gamma
/// heterogeneity of the rate, beta dropout after each repeat purchase; k chosen by likelihood over 1…12.
/// </summary>
public sealed class BgCnbdKDefinition : IModelDefinition
{
    /// <summary>Fewer purchasing customers than this cannot identify four parameters and k.</summary>
    public const int MinCustomers = 10;

    public ModelKind Kind => ModelKind.BgCnbdK;

    public string Name => "bg-cnbd-k";

    public string DisplayName => "BG/CNBD-k";

    public ModelFamily Family => ModelFamily.Purchase;

    public IReadOnlyList<string> ParameterNames { get; } = ["k", "r", "alpha", "a", "b"];

    public ModelInputs Inputs => ModelInputs.TimedHistories;

    /// <summary>
    /// Fits every k the search needs (see <see cref="BgCnbdKModel.Fit"/>) and keeps the best. The standard error of k is
    /// reported as 0: k is chosen from whole numbers, and the other errors are conditional on it.
    /// </summary>
    public ModelFit Fit(ModelData data, ModelFitSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        var histories = data.TimedHistories;
        if (histories.Count < MinCustomers)
        {
            throw new ModelFitException($"{histories.Count} customers purchased by the calibration end; {DisplayName} needs at least {MinCustomers}");
        }
        if (!histories.Any(h => h.Frequency > 0))
        {
            throw new ModelFitException($"no customer has a repeat purchase day, so {DisplayName} cannot be fitted");
        }

        var fit = BgCnbdKModel.Fit(histories, new BgCnbdKFitOptions
        {
            PenalizerCoefficient = settings.PenalizerCoefficient,
            MaxDegreeOfParallelism = settings.MaxDegreeOfParallelism,
        }, cancellationToken);

        var p = fit.Parameters;
        double[] values = [p.K, p.R, p.Alpha, p.A, p.B];
        if (!double.IsFinite(fit.LogLikelihood) || values.Any(v => !double.IsFinite(v)))
        {
            throw new ModelFitException($"the {DisplayName} fit on these data did not give finite estimates; the book cannot be modelled as it is");
        }
        // k is chosen among whole numbers, not estimated on a continuum: it has no standard error.
        var errors = fit.StandardErrors is { } se ? new ParameterSet(ParameterNames.Skip(1).ToList(), [se[0], se[1], se[2], se[3]]) : null;
        var warnings = new List<string>(fit.Warnings);
        if (!fit.Converged)
        {
            warnings.Insert(0, $"the optimiser ({fit.Method}) stopped after {fit.Iterations} iterations without meeting its tolerance (k = {p.K})");
        }
        return new ModelFit(Kind, new ParameterSet(ParameterNames, values), errors, fit.LogLikelihood, fit.CustomerCount, fit.Converged, fit.Iterations)
        {
            Warnings = warnings,
        };
    }

    /// <exception cref="ModelParameterException">A name is missing or unknown, a value is not positive and finite, or k is not a whole number 1…12.</exception>
    public object? CreatePredictor(ParameterSet parameters)
    {
        ModelCatalog.ValidatePositive(this, parameters);
        double k = parameters["k"];
        if (k != Math.Floor(k) || k > BgCnbdKParameters.MaxK)
        {
            throw new ModelParameterException("k", FormattableString.Invariant($"must be a whole number 1…{BgCnbdKParameters.MaxK}, was {k}"));
        }
        return new BgCnbdKPredictor(new BgCnbdKParameters((int)k, parameters["r"], parameters["alpha"], parameters["a"], parameters["b"]));
    }
}

/// <summary>BG/CNBD-k predictions behind the catalog's interface.</summary>
public sealed class BgCnbdKPredictor(BgCnbdKParameters parameters) : IPurchasePredictor
{
    public BgCnbdKParameters Parameters { get; } = parameters;

    public ModelKind Kind => ModelKind.BgCnbdK;

    public double ProbabilityAlive(in TimedHistory history) => Parameters.ProbabilityAlive(history);

    public double ExpectedPurchases(in TimedHistory history, double horizon) => Parameters.ConditionalExpectedPurchases(horizon, history);

    public double ExpectedRepeatPurchases(double sinceFirstPurchase) => Parameters.ExpectedPurchases(sinceFirstPurchase);
}
