namespace CrmGrpc.Modeling.Models;

/// <summary>
/// One model as the service sees it: its name, parameters, inputs, fit and predictor. A new model is one folder
/// (likelihood, predictions, this definition) and one line in <see cref="ModelCatalog"/>; the service, the store and the
/// recalculation do not change.
/// </summary>
public interface IModelDefinition
{
    ModelKind Kind { get; }

    /// <summary>The name callers type (<c>bg-nbd</c>, <c>pareto-nbd</c>, <c>mbg-nbd</c>, <c>bg-cnbd-k</c>, <c>bg-bb</c>, <c>sbg</c>, <c>gamma-gamma</c>).</summary>
    string Name { get; }

    /// <summary>The display name (<c>BG/NBD</c>, …).</summary>
    string DisplayName { get; }

    ModelFamily Family { get; }

    /// <summary>API.md's parameter names, in the model's order.</summary>
    IReadOnlyList<string> ParameterNames { get; }

    /// <summary>What <see cref="Fit"/> reads from <see cref="ModelData"/>.</summary>
    ModelInputs Inputs { get; }

    /// <summary>
    /// Fits the model by maximum likelihood. Never returns a NaN or infinite parameter or log-likelihood.
    /// </summary>
    /// <exception cref="ModelFitException">The data cannot identify the model (too few customers, no repeat purchases,
    /// no churn, …) or the fit cannot give finite estimates: the message says why, for FAILED_PRECONDITION.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    ModelFit Fit(ModelData data, ModelFitSettings settings, CancellationToken cancellationToken);

    /// <summary>Validates parameters fitted elsewhere (or here) and returns the predictor: an <see cref="IPurchasePredictor"/> for purchase
    /// models, an <see cref="ISurvivalPredictor"/> for contractual ones, null for spend models.</summary>
    /// <exception cref="ModelParameterException">A name is missing or unknown, or a value is not a positive finite number (k: a whole number 1…12).</exception>
    object? CreatePredictor(ParameterSet parameters);
}

/// <summary>The data cannot identify the model, or its fit gave no finite estimates; the message is for the caller.</summary>
public sealed class ModelFitException(string message) : Exception(message);

/// <summary>A parameter of a model given by a caller is wrong; <see cref="Parameter"/> names it.</summary>
public sealed class ModelParameterException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}
