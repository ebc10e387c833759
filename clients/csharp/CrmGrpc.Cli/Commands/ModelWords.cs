using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using CrmGrpc.Cli.Import;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Commands;

/// <summary>
/// The words model commands take: model kinds (<c>pareto-nbd</c>), time units (<c>weeks</c>) and parameter lists
/// (<c>r=0.55,alpha=10.58</c>). Only the syntax is checked here: whether a kind is registered, a name belongs to the
/// model or a value is in range is the server's to say, field by field.
/// </summary>
internal static class ModelWords
{
    /// <summary>Every model kind with the name typed for it: the proto name without its prefix, in lower case with dashes (bg-cnbd-k).</summary>
    public static IReadOnlyList<(ModelKind Kind, string Name)> Kinds { get; } =
        [.. Enum.GetValues<ModelKind>().Where(k => k != ModelKind.Unspecified).Select(k => (k, KindName(k)))];

    /// <summary>The time units by the word typed for them.</summary>
    public static IReadOnlyList<(TimeUnit Unit, string Name)> Units { get; } =
        [(TimeUnit.Weeks, "weeks"), (TimeUnit.Days, "days"), (TimeUnit.Months, "months"), (TimeUnit.Years, "years")];

    /// <summary>"pareto-nbd" for MODEL_KIND_PARETO_NBD.</summary>
    public static string KindName(ModelKind kind) =>
        ProtoEnum.Short(kind, "MODEL_KIND_").ToLowerInvariant().Replace('_', '-');

    /// <summary>The name the literature gives the model (Pareto/NBD, BG/CNBD-k, sBG), for tables.</summary>
    public static string DisplayName(ModelKind kind) => kind switch
    {
        ModelKind.BgNbd => "BG/NBD",
        ModelKind.ParetoNbd => "Pareto/NBD",
        ModelKind.MbgNbd => "MBG/NBD",
        ModelKind.BgCnbdK => "BG/CNBD-k",
        ModelKind.BgBb => "BG/BB",
        ModelKind.Sbg => "sBG",
        ModelKind.GammaGamma => "Gamma-Gamma",
        _ => KindName(kind),
    };

    /// <summary>A kind by its name (<c>pareto-nbd</c>, any case; underscores for dashes and the enum name are accepted too).</summary>
    public static bool TryParseKind(string text, out ModelKind kind, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var word = text.Trim().Replace('_', '-');
        if (word.StartsWith("model-kind-", StringComparison.OrdinalIgnoreCase))
        {
            word = word["model-kind-".Length..];
        }

        foreach (var (candidate, name) in Kinds)
        {
            if (string.Equals(name, word, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                error = string.Empty;
                return true;
            }
        }

        kind = ModelKind.Unspecified;
        error = $"'{text}' is not a model; one of: {string.Join(", ", Kinds.Select(k => k.Name))}";
        return false;
    }

    /// <summary>A comma-separated list of kinds in the order given (repeats are left for the server to refuse).</summary>
    public static bool TryParseKinds(IEnumerable<string> texts, out ModelKind[] kinds, out string error)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var parsed = new List<ModelKind>();
        foreach (var item in texts.SelectMany(CliInputs.SplitList))
        {
            if (!TryParseKind(item, out var kind, out error))
            {
                kinds = [];
                return false;
            }

            parsed.Add(kind);
        }

        kinds = [.. parsed];
        error = kinds.Length == 0 ? "give at least one model" : string.Empty;
        return kinds.Length > 0;
    }

    public static string UnitName(TimeUnit unit) => Units.FirstOrDefault(u => u.Unit == unit).Name ?? string.Empty;

    /// <summary>
    /// Parameters as <c>name=value</c> items, comma-separated and over several tokens (<c>--param r=0.55 --param alpha=10.58</c>
    /// or <c>--params r=0.55,alpha=10.58</c>). A value must be a number (NaN and infinities are passed on for the
    /// server to refuse with the field's name); a name given twice is an error.
    /// </summary>
    public static bool TryParseParameters(IEnumerable<string> texts, out Dictionary<string, double> parameters, out string error)
    {
        ArgumentNullException.ThrowIfNull(texts);
        parameters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in texts.SelectMany(CliInputs.SplitList))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? string.Empty : item[..equals].Trim();
            var valueText = equals < 0 ? string.Empty : item[(equals + 1)..].Trim();
            if (name.Length == 0 || valueText.Length == 0)
            {
                error = $"'{item}' is not name=value (e.g. r=0.55)";
                return false;
            }

            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                error = $"'{item}': '{valueText}' is not a number";
                return false;
            }

            if (!parameters.TryAdd(name, value))
            {
                error = $"'{name}' is given twice";
                return false;
            }
        }

        error = parameters.Count == 0 ? "give at least one name=value" : string.Empty;
        return parameters.Count > 0;
    }

    /// <summary><c>--models a,b,…</c>: model kinds, over one or more tokens.</summary>
    public static Option<ModelKind[]> KindsOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = string.Join(",", Kinds.Select(k => k.Name).Take(2)) + ",...",
        Arity = ArgumentArity.OneOrMore,
        CustomParser = result => Parse(result, name, (IEnumerable<string> texts, out ModelKind[] value, out string error) => TryParseKinds(texts, out value, out error)),
    };

    /// <summary>One model kind.</summary>
    public static Option<ModelKind> KindOption(string name, string description, bool required) => new(name)
    {
        Description = description,
        HelpName = string.Join("|", Kinds.Select(k => k.Name)),
        Required = required,
        CustomParser = result => Parse(result, name, (IEnumerable<string> texts, out ModelKind value, out string error) => TryParseKind(texts.LastOrDefault() ?? string.Empty, out value, out error)),
    };

    /// <summary><c>--unit weeks|days|months|years</c>.</summary>
    public static Option<TimeUnit> UnitOption(string description, bool required, TimeUnit? defaultUnit)
    {
        var option = new Option<TimeUnit>("--unit")
        {
            Description = description,
            HelpName = string.Join("|", Units.Select(u => u.Name)),
            Required = required,
            CustomParser = result => Parse(result, "--unit", (IEnumerable<string> texts, out TimeUnit value, out string error) =>
            {
                var text = texts.LastOrDefault() ?? string.Empty;
                value = Units.FirstOrDefault(u => string.Equals(u.Name, text.Trim(), StringComparison.OrdinalIgnoreCase)).Unit;
                error = $"'{text}' is not one of {string.Join("|", Units.Select(u => u.Name))}";
                return value != TimeUnit.Unspecified;
            }),
        };
        if (defaultUnit is { } unit)
        {
            option.DefaultValueFactory = _ => unit;
        }

        return option;
    }

    /// <summary>Parameters as <c>name=value,…</c> (see <see cref="TryParseParameters"/>), under <paramref name="name"/> and its <paramref name="aliases"/>.</summary>
    public static Option<Dictionary<string, double>> ParametersOption(string name, string[] aliases, string description, string helpName)
    {
        var option = new Option<Dictionary<string, double>>(name, aliases)
        {
            Description = description,
            HelpName = helpName,
            Arity = ArgumentArity.OneOrMore,
            CustomParser = result => Parse(result, name, (IEnumerable<string> texts, out Dictionary<string, double> value, out string error) => TryParseParameters(texts, out value, out error)),
        };
        return option;
    }

    private delegate bool TryParser<T>(IEnumerable<string> texts, out T value, out string error);

    private static T? Parse<T>(ArgumentResult result, string name, TryParser<T> tryParse)
    {
        if (tryParse(result.Tokens.Select(t => t.Value), out var value, out var error))
        {
            return value;
        }

        result.AddError($"{name}: {error}");
        return default;
    }
}
