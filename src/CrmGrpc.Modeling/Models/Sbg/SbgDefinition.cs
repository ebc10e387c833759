namespace CrmGrpc.Modeling.Models.Sbg;

/// <summary>sBG in the catalog: <see cref="SbgModel"/>'s fit on <see cref="ModelData.Cohorts"/> and <see cref="SbgParameters"/>' predictions.</summary>
public sealed class SbgDefinition : IModelDefinition
{
    /// <summary>Fewer acquired customers than this cannot identify the model.</summary>
    public const int MinCustomers = 10;

    public ModelKind Kind => ModelKind.Sbg;

    public string Name => "sbg";

    public string DisplayName => "sBG";

    public ModelFamily Family => ModelFamily.Contractual;

    public IReadOnlyList<string> ParameterNames { get; } = ["alpha", "beta"];

    public ModelInputs Inputs => ModelInputs.Cohorts;

    public ModelFit Fit(ModelData data, ModelFitSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        var cohorts = data.Cohorts.Where(c => c.AliveAtPeriodStart.Length > 0 && c.AliveAtPeriodStart[0] > 0).ToArray();
        foreach (var cohort in cohorts)
        {
            try
            {
                SbgModel.ValidateCounts(cohort.AliveAtPeriodStart, nameof(data));
            }
            catch (ArgumentException exception)
            {
                throw new ModelFitException($"cohort {cohort.Label} is not valid for {DisplayName}: {exception.Message}");
            }
        }
        var observed = cohorts.Where(c => c.AliveAtPeriodStart.Length >= 2).ToArray();
        long customers = observed.Sum(c => c.AliveAtPeriodStart[0]);
        if (customers < MinCustomers)
        {
            throw new ModelFitException($"{customers} customers were acquired in cohorts with a period observed by the calibration end; {DisplayName} needs at least {MinCustomers}");
        }
        if (observed.Max(c => c.AliveAtPeriodStart.Length) < 3)
        {
            throw new ModelFitException($"no cohort has two periods after acquisition by the calibration end; {DisplayName} needs them to tell α from β");
        }
        if (observed.All(c => c.AliveAtPeriodStart[^1] == c.AliveAtPeriodStart[0]))
        {
            throw new ModelFitException($"no customer churned by the calibration end, so {DisplayName} cannot be fitted (record churn dates, or fit a purchase model)");
        }
        if (observed.All(c => c.AliveAtPeriodStart[1] == 0))
        {
            throw new ModelFitException($"every customer churned in the acquisition period, so {DisplayName} has no renewals to fit");
        }

        var fit = SbgModel.Fit(observed, new SbgFitOptions { PenalizerCoefficient = settings.PenalizerCoefficient }, cancellationToken);
        return From(fit);
    }

    /// <summary>The catalog's form of an <see cref="SbgModel"/> fit.</summary>
    /// <exception cref="ModelFitException">The fit did not give finite estimates.</exception>
    public ModelFit From(SbgFitResult fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        double[] values = [fit.Parameters.Alpha, fit.Parameters.Beta];
        if (!double.IsFinite(fit.LogLikelihood) || values.Any(v => !double.IsFinite(v)))
        {
            throw new ModelFitException($"the {DisplayName} fit on these cohorts did not give finite estimates");
        }
        var errors = fit.StandardErrors is { } se ? new ParameterSet(ParameterNames, [se.Alpha, se.Beta]) : null;
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
        return new SbgPredictor(new SbgParameters(parameters["alpha"], parameters["beta"]));
    }
}

/// <summary>sBG predictions behind the catalog's interface, per period of the fit's time unit.</summary>
public sealed class SbgPredictor(SbgParameters parameters) : ISurvivalPredictor
{
    public SbgParameters Parameters { get; } = parameters;

    public ModelKind Kind => ModelKind.Sbg;

    /// <exception cref="ArgumentOutOfRangeException">A negative number of periods.</exception>
    public double Survival(int periods) => Parameters.Survival(periods);

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="periods"/> below 1.</exception>
    public double RetentionRate(int periods) => Parameters.RetentionRate(periods);

    /// <summary>
    /// DERL of a customer with <paramref name="renewals"/> renewals at <paramref name="discountRate"/> per period (see
    /// <see cref="SbgParameters.DiscountedExpectedResidualLifetime"/>); always finite.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative renewals, or a negative or non-finite discount rate.</exception>
    /// <exception cref="ArgumentException">Discount rate 0 with α ≤ 1: the undiscounted remaining lifetime is unbounded.</exception>
    public double ExpectedRemainingLifetime(int renewals, double discountRate) => Parameters.DiscountedExpectedResidualLifetime(renewals, discountRate);
}
