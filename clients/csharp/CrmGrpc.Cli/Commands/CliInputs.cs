using System.Collections.Frozen;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using CrmGrpc.Cli.Import;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Cli.Commands;

/// <summary>
/// The values metric commands take on the command line: dates, groupings, metric names, granularities,
/// comma lists. Each TryParse gives the value or a message for the user; the option factories turn
/// those messages into usage errors (exit 2) at parse time.
/// </summary>
internal static class CliInputs
{
    private static readonly FrozenDictionary<string, PortfolioMetric> MetricWords = BuildMetricWords();

    /// <summary>The metrics in field-number order with their JSON names ("averagePurchaseValue").</summary>
    public static IReadOnlyList<(PortfolioMetric Metric, string Name)> Metrics { get; } =
        [.. System.Enum.GetValues<PortfolioMetric>().Where(m => m != PortfolioMetric.Unspecified).Select(m => (m, MetricName(m)))];

    /// <summary>A date or timestamp: yyyy-MM-dd (midnight UTC) or ISO 8601; a time without an offset is UTC.</summary>
    public static bool TryParseDate(string text, out Timestamp timestamp, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Timestamps.TryParse(text, out timestamp))
        {
            error = string.Empty;
            return true;
        }

        error = $"'{text}' is not a date (yyyy-MM-dd or ISO 8601, e.g. 1997-03-31T00:00:00Z)";
        return false;
    }

    /// <summary><c>segment</c>, <c>channel</c> or <c>attribute:KEY</c> (the key as written).</summary>
    public static bool TryParseGroupBy(string text, out GroupBy groupBy, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        groupBy = new GroupBy();
        error = string.Empty;
        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var word = colon < 0 ? trimmed : trimmed[..colon];
        if (word.Equals("segment", StringComparison.OrdinalIgnoreCase) && colon < 0)
        {
            groupBy.Dimension = GroupByDimension.Segment;
            return true;
        }

        if (word.Equals("channel", StringComparison.OrdinalIgnoreCase) && colon < 0)
        {
            groupBy.Dimension = GroupByDimension.Channel;
            return true;
        }

        if (word.Equals("attribute", StringComparison.OrdinalIgnoreCase))
        {
            var key = colon < 0 ? string.Empty : trimmed[(colon + 1)..].Trim();
            if (key.Length == 0)
            {
                error = $"'{text}': give the attribute's key, as attribute:KEY";
                return false;
            }

            groupBy.Dimension = GroupByDimension.Attribute;
            groupBy.AttributeKey = key;
            return true;
        }

        error = $"'{text}' is not a grouping: segment, channel or attribute:KEY";
        return false;
    }

    /// <summary>"segment", "channel", "attribute:tier" for a GroupBy, "" for none.</summary>
    public static string Describe(GroupBy? groupBy) => groupBy?.Dimension switch
    {
        GroupByDimension.Segment => "segment",
        GroupByDimension.Channel => "channel",
        GroupByDimension.Attribute => $"attribute:{groupBy.AttributeKey}",
        _ => string.Empty,
    };

    /// <summary>
    /// A portfolio metric by its JSON field name (averagePurchaseValue), in any case; the proto field name
    /// (average_purchase_value), a dashed form (average-purchase-value) and the enum name
    /// (PORTFOLIO_METRIC_AVERAGE_PURCHASE_VALUE) are accepted too.
    /// </summary>
    public static bool TryParseMetric(string text, out PortfolioMetric metric, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (MetricWords.TryGetValue(text.Trim().Replace('-', '_'), out metric))
        {
            error = string.Empty;
            return true;
        }

        error = $"'{text}' is not a metric; one of: {string.Join(", ", Metrics.Select(m => m.Name))}";
        return false;
    }

    /// <summary>The metric's JSON field name in PortfolioMetrics: its enum number is its field number.</summary>
    public static string MetricName(PortfolioMetric metric) =>
        PortfolioMetrics.Descriptor.FindFieldByNumber((int)metric)?.JsonName
        ?? throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a PortfolioMetrics field");

    /// <summary><c>month</c>, <c>quarter</c> or <c>year</c> (also monthly/quarterly/yearly), limited to <paramref name="allowed"/>.</summary>
    public static bool TryParseGranularity(string text, IReadOnlyCollection<Granularity> allowed, out Granularity granularity, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(allowed);
        granularity = text.Trim().ToLowerInvariant() switch
        {
            "month" or "monthly" or "m" => Granularity.Month,
            "quarter" or "quarterly" or "q" => Granularity.Quarter,
            "year" or "yearly" or "y" => Granularity.Year,
            _ => Granularity.Unspecified,
        };
        if (granularity != Granularity.Unspecified && allowed.Contains(granularity))
        {
            error = string.Empty;
            return true;
        }

        error = $"'{text}' is not one of {string.Join("|", allowed.Select(GranularityWord))}";
        granularity = Granularity.Unspecified;
        return false;
    }

    public static string GranularityWord(Granularity granularity) => ProtoEnum.Short(granularity, "GRANULARITY_").ToLowerInvariant();

    /// <summary>A comma-separated list of numbers ("0.5,0.8,0.95"), spaces allowed.</summary>
    public static bool TryParseNumbers(string text, out double[] values, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = SplitList(text);
        values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                error = $"'{parts[i]}' is not a number";
                values = [];
                return false;
            }
        }

        if (values.Length == 0)
        {
            error = "give at least one number";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>The non-empty items of a comma-separated list, trimmed.</summary>
    public static string[] SplitList(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>An option whose value is a date (see <see cref="TryParseDate"/>).</summary>
    public static Option<Timestamp> DateOption(string name, string description, bool required = false) => new(name)
    {
        Description = description,
        HelpName = "DATE",
        Required = required,
        CustomParser = result => Parse(result, name, (string text, out Timestamp value, out string error) => TryParseDate(text, out value, out error)),
    };

    /// <summary>An option whose value is a grouping (see <see cref="TryParseGroupBy"/>).</summary>
    public static Option<GroupBy> GroupByOption() => new("--group-by")
    {
        Description = "Also break the result down by segment, channel or attribute:KEY.",
        HelpName = "segment|channel|attribute:KEY",
        CustomParser = result => Parse(result, "--group-by", (string text, out GroupBy value, out string error) => TryParseGroupBy(text, out value, out error)),
    };

    /// <summary>A required granularity option limited to <paramref name="allowed"/>.</summary>
    public static Option<Granularity> GranularityOption(string name, string description, params Granularity[] allowed) => new(name)
    {
        Description = description,
        HelpName = string.Join("|", allowed.Select(GranularityWord)),
        Required = true,
        CustomParser = result => Parse(result, name, (string text, out Granularity value, out string error) => TryParseGranularity(text, allowed, out value, out error)),
    };

    /// <summary>A comma-separated list of numbers.</summary>
    public static Option<double[]> NumbersOption(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result => Parse(result, name, (string text, out double[] value, out string error) => TryParseNumbers(text, out value, out error)),
    };

    /// <summary>A comma-separated list of ids.</summary>
    public static Option<string[]> IdsOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "ID,ID,...",
        CustomParser = result => result.Tokens.SelectMany(t => SplitList(t.Value)).ToArray(),
    };

    /// <summary>A number that must be finite and at least <paramref name="minimum"/>.</summary>
    public static Option<double?> NumberOption(string name, string description, string helpName, double minimum = double.NegativeInfinity) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                result.AddError($"{name}: '{text}' is not a number");
                return null;
            }

            if (value < minimum)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be at least {minimum}, was {text}"));
                return null;
            }

            return value;
        },
    };

    /// <summary>The largest inactivity window the server accepts: a hundred years.</summary>
    public const int MaxInactivityDays = 36_500;

    /// <summary>
    /// <c>--inactivity-days N</c>: the churn definition's inactivity window (0 to 36,500 days); absent means the
    /// server's default (<c>Crm:Churn:InactivityDays</c>).
    /// </summary>
    public static Option<int?> InactivityDaysOption() => new("--inactivity-days")
    {
        Description = "Infer churn for customers without a recorded churn date: churned N days after their last purchase (or acquisition) "
            + "when that is before the end. Default: the server's Crm:Churn:InactivityDays (0 = recorded churn only).",
        HelpName = "N",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days))
            {
                result.AddError($"--inactivity-days: '{text}' is not a whole number of days");
                return null;
            }

            if (days is < 0 or > MaxInactivityDays)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--inactivity-days must be between 0 and {MaxInactivityDays}, was {days}"));
                return null;
            }

            return days;
        },
    };

    /// <summary>The request's churn definition for <c>--inactivity-days</c>, or null (the server's default) without it.</summary>
    public static ChurnDefinition? ChurnDefinition(int? inactivityDays) =>
        inactivityDays is { } days ? new ChurnDefinition { InactivityDays = days } : null;

    /// <summary>The churn definition a response says it used, in words.</summary>
    public static string DescribeChurn(ChurnDefinition? definition) => definition?.InactivityDays is > 0 and var days
        ? string.Create(CultureInfo.InvariantCulture, $"recorded, else inferred {days} days after the last purchase (--inactivity-days {days})")
        : "recorded churn dates only (--inactivity-days N infers churn after N days without a purchase)";

    /// <summary>A positive integer option.</summary>
    public static Option<int> PositiveIntOption(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Validators = { result => { if (result.GetValueOrDefault<int>() <= 0) { result.AddError($"{name} must be positive"); } } },
    };

    private delegate bool TryParser<T>(string text, out T value, out string error);

    private static T? Parse<T>(ArgumentResult result, string name, TryParser<T> tryParse)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (tryParse(text, out var value, out var error))
        {
            return value;
        }

        result.AddError($"{name}: {error}");
        return default;
    }

    private static FrozenDictionary<string, PortfolioMetric> BuildMetricWords()
    {
        var words = new Dictionary<string, PortfolioMetric>(StringComparer.OrdinalIgnoreCase);
        foreach (var metric in System.Enum.GetValues<PortfolioMetric>().Where(m => m != PortfolioMetric.Unspecified))
        {
            var field = PortfolioMetrics.Descriptor.FindFieldByNumber((int)metric);
            words[field.JsonName] = metric;
            words[field.Name] = metric;
            words[ProtoEnum.Name(metric)] = metric;
        }

        return words.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
