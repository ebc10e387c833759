using CrmGrpc.Cli.Commands;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Tests;

/// <summary>What <c>crm fit</c> and <c>crm models create</c> accept and refuse at parse time (usage errors exit 2 before any call).</summary>
public class ModelCommandLineTests
{
    private static List<string> Errors(params string[] args) =>
        [.. CrmCommandLine.Create().Parse(args).Errors.Select(e => e.Message)];

    [Theory]
    [InlineData("fit", "--calibration-end", "1997-09-30", "--models", "pareto-nbd,bg-nbd,mbg-nbd,bg-cnbd-k,gamma-gamma", "--holdout-end", "1998-06-30")]
    [InlineData("fit", "--calibration-end", "1997-09-30", "--models", "bg-bb", "--models", "sbg", "--unit", "years")]
    [InlineData("fit", "--calibration-end", "1997-09-30", "--unit", "months", "--models", "BG_BB")]
    [InlineData("models", "create", "--kind", "pareto-nbd", "--param", "r=0.55", "--param", "alpha=10.58", "--params", "s=0.61,beta=11.67",
        "--spend", "p=6.25,q=3.74,gamma=15.44", "--unit", "weeks", "--calibration-end", "1997-09-30", "--segment", "cdnow")]
    [InlineData("models", "create", "--kind", "sbg", "--params", "alpha=0.704,beta=1.182", "--unit", "years", "--calibration-end", "2007-01-01", "--json")]
    public void Valid_command_lines_parse(params string[] args) => Assert.Empty(Errors(args));

    [Theory]
    [InlineData("'pareto' is not a model; one of: bg-nbd, pareto-nbd, mbg-nbd, bg-cnbd-k, bg-bb, sbg, gamma-gamma", "fit", "--calibration-end", "1997-09-30", "--models", "bg-nbd,pareto")]
    [InlineData("--holdout-end: 'soon' is not a date", "fit", "--calibration-end", "1997-09-30", "--holdout-end", "soon")]
    [InlineData("'fortnights' is not one of weeks|days|months|years", "fit", "--calibration-end", "1997-09-30", "--unit", "fortnights")]
    [InlineData("--kind", "models", "create", "--param", "r=1", "--unit", "weeks", "--calibration-end", "1997-09-30")]
    [InlineData("--param", "models", "create", "--kind", "bg-nbd", "--unit", "weeks", "--calibration-end", "1997-09-30")]
    [InlineData("--unit", "models", "create", "--kind", "bg-nbd", "--param", "r=1", "--calibration-end", "1997-09-30")]
    [InlineData("--calibration-end", "models", "create", "--kind", "bg-nbd", "--param", "r=1", "--unit", "weeks")]
    [InlineData("'r' is not name=value", "models", "create", "--kind", "bg-nbd", "--param", "r", "--unit", "weeks", "--calibration-end", "1997-09-30")]
    [InlineData("'r=big': 'big' is not a number", "models", "create", "--kind", "bg-nbd", "--params", "r=big", "--unit", "weeks", "--calibration-end", "1997-09-30")]
    [InlineData("'r' is given twice", "models", "create", "--kind", "bg-nbd", "--param", "r=1", "--params", "alpha=2,r=3", "--unit", "weeks", "--calibration-end", "1997-09-30")]
    [InlineData("--spend: '=6' is not name=value", "models", "create", "--kind", "bg-nbd", "--param", "r=1", "--spend", "=6", "--unit", "weeks", "--calibration-end", "1997-09-30")]
    public void Bad_command_lines_are_usage_errors(string expected, params string[] args)
    {
        var errors = Errors(args);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Models_keep_the_order_given_over_tokens_and_comma_lists_and_absent_means_the_servers_default()
    {
        var result = CrmCommandLine.Create().Parse(["fit", "--calibration-end", "1997-09-30", "--models", "pareto-nbd, bg-nbd", "--models", "gamma-gamma"]);

        Assert.Empty(result.Errors);
        Assert.Equal([ModelKind.ParetoNbd, ModelKind.BgNbd, ModelKind.GammaGamma], result.GetValue<ModelKind[]>("--models"));
        var defaults = CrmCommandLine.Create().Parse(["fit", "--calibration-end", "1997-09-30"]);
        Assert.Empty(defaults.GetValue<ModelKind[]>("--models") ?? []);
        Assert.Equal(TimeUnit.Weeks, defaults.GetValue<TimeUnit>("--unit"));
        Assert.Null(defaults.GetValue<Google.Protobuf.WellKnownTypes.Timestamp>("--holdout-end"));
    }

    [Fact]
    public void Param_and_params_collect_into_one_set_and_out_of_range_values_are_left_for_the_server()
    {
        var result = CrmCommandLine.Create().Parse(["models", "create", "--kind", "pareto-nbd", "--param", "r=0.55", "--params", "alpha=10.58, s=-1",
            "--param", "beta=NaN", "--unit", "days", "--calibration-end", "1997-09-30"]);

        Assert.Empty(result.Errors);
        var parameters = result.GetValue<Dictionary<string, double>>("--param")!;
        Assert.Equal(["r", "alpha", "s", "beta"], parameters.Keys);
        Assert.Equal([0.55, 10.58, -1], parameters.Values.Take(3));
        Assert.True(double.IsNaN(parameters["beta"]));
        Assert.Equal(ModelKind.ParetoNbd, result.GetValue<ModelKind>("--kind"));
        Assert.Equal(TimeUnit.Days, result.GetValue<TimeUnit>("--unit"));
    }

    [Theory]
    [InlineData(ModelKind.BgNbd, "bg-nbd")]
    [InlineData(ModelKind.ParetoNbd, "pareto-nbd")]
    [InlineData(ModelKind.MbgNbd, "mbg-nbd")]
    [InlineData(ModelKind.BgCnbdK, "bg-cnbd-k")]
    [InlineData(ModelKind.BgBb, "bg-bb")]
    [InlineData(ModelKind.Sbg, "sbg")]
    [InlineData(ModelKind.GammaGamma, "gamma-gamma")]
    public void Every_kind_has_the_name_API_md_gives_it_and_parses_back(ModelKind kind, string name)
    {
        Assert.Equal(name, ModelWords.KindName(kind));
        Assert.True(ModelWords.TryParseKind(name.ToUpperInvariant(), out var parsed, out _));
        Assert.Equal(kind, parsed);
        Assert.True(ModelWords.TryParseKind("MODEL_KIND_" + name.Replace('-', '_').ToUpperInvariant(), out parsed, out _));
        Assert.Equal(kind, parsed);
    }
}
