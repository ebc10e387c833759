namespace CrmGrpc.Modeling.Models;

/// <summary>Every model the service knows: one registration per model folder.</summary>
public static class ModelCatalog
{
    public static IReadOnlyList<IModelDefinition> All { get; } =
    [
        new BgNbd.BgNbdDefinition(),
        new ParetoNbd.ParetoNbdDefinition(),
        new MbgNbd.MbgNbdDefinition(),
        new BgCnbdK.BgCnbdKDefinition(),
        new BgBb.BgBbDefinition(),
        new Sbg.SbgDefinition(),
    ];

    /// <summary>The definition of <paramref name="kind"/>; null when none is registered.</summary>
    public static IModelDefinition? Find(ModelKind kind) => All.FirstOrDefault(model => model.Kind == kind);

    /// <summary>The definition named <paramref name="name"/> (<c>pareto-nbd</c>, case-insensitive); null when unknown.</summary>
    public static IModelDefinition? Find(string name) => All.FirstOrDefault(model => string.Equals(model.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Checks <paramref name="parameters"/> against <paramref name="definition"/>'s names: every name present once, none
    /// unknown, every value positive and finite. The message names the first wrong parameter.
    /// </summary>
    /// <exception cref="ModelParameterException">A parameter is missing, unknown, or not a positive finite number.</exception>
    public static void ValidatePositive(IModelDefinition definition, ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var name in parameters.Names)
        {
            if (!definition.ParameterNames.Contains(name))
            {
                throw new ModelParameterException(name, $"{definition.DisplayName} has no parameter '{name}' (it has {string.Join(", ", definition.ParameterNames)})");
            }
        }
        foreach (var name in definition.ParameterNames)
        {
            if (!parameters.TryGet(name, out var value))
            {
                throw new ModelParameterException(name, $"{definition.DisplayName} needs '{name}'");
            }
            if (!double.IsFinite(value) || value <= 0)
            {
                throw new ModelParameterException(name, FormattableString.Invariant($"must be a positive finite number, was {value}"));
            }
        }
    }
}
