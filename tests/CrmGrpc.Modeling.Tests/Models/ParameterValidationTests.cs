using CrmGrpc.Modeling.Models;
using CrmGrpc.Modeling.Models.MbgNbd;
using CrmGrpc.Modeling.Models.ParetoNbd;

namespace CrmGrpc.Modeling.Tests.Models;

public class ParameterValidationTests
{
    public static TheoryData<string> Definitions() => ["pareto-nbd", "mbg-nbd"];

    private static IModelDefinition Find(string name) => name == "pareto-nbd" ? new ParetoNbdDefinition() : new MbgNbdDefinition();

    private static ModelParameterException Rejects(IModelDefinition definition, string[] names, double[] values) =>
        Assert.Throws<ModelParameterException>(() => definition.CreatePredictor(new ParameterSet(names, values)));

    [Theory]
    [MemberData(nameof(Definitions))]
    public void CreatePredictor_rejects_missing_unknown_non_positive_and_NaN_parameters_naming_them(string name)
    {
        var definition = Find(name);
        var names = definition.ParameterNames.ToArray();
        double[] valid = [0.5, 6, 0.9, 1.6];
        Assert.NotNull(definition.CreatePredictor(new ParameterSet(names, valid)));

        Assert.Equal(names[3], Rejects(definition, names[..3], valid[..3]).Parameter);
        Assert.Equal("k", Rejects(definition, [.. names, "k"], [.. valid, 2]).Parameter);
        for (int i = 0; i < 4; i++)
        {
            foreach (double wrong in new[] { 0, -1, double.NaN, double.PositiveInfinity })
            {
                var values = (double[])valid.Clone();
                values[i] = wrong;
                Assert.Equal(names[i], Rejects(definition, names, values).Parameter);
            }
        }
    }

    [Fact]
    public void Definitions_carry_the_API_names_kinds_and_inputs()
    {
        var pareto = new ParetoNbdDefinition();
        var mbg = new MbgNbdDefinition();
        Assert.Equal(["r", "alpha", "s", "beta"], pareto.ParameterNames);
        Assert.Equal(["r", "alpha", "a", "b"], mbg.ParameterNames);
        Assert.Equal((ModelKind.ParetoNbd, "pareto-nbd", "Pareto/NBD"), (pareto.Kind, pareto.Name, pareto.DisplayName));
        Assert.Equal((ModelKind.MbgNbd, "mbg-nbd", "MBG/NBD"), (mbg.Kind, mbg.Name, mbg.DisplayName));
        Assert.All(new IModelDefinition[] { pareto, mbg }, d => Assert.Equal((ModelFamily.Purchase, ModelInputs.Histories), (d.Family, d.Inputs)));
    }
}
