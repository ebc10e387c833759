using System.Globalization;
using CrmGrpc.Cli.Commands;
using CrmGrpc.Cli.Import;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.Reflection;
using Spectre.Console;

namespace CrmGrpc.Cli.Output;

/// <summary>One column of a portfolio table: the whole book or one group.</summary>
internal sealed record PortfolioColumn(string Label, PortfolioMetrics Metrics);

/// <summary>A metric absent from some columns, with its reason.</summary>
internal sealed record UnavailableRow(string Metric, string Reason, IReadOnlyList<string> Columns);

/// <summary>
/// Portfolio metrics as tables: every metric by its JSON name (the names `crm metrics series --metric`
/// takes), "—" for an absent one with its reason, the counts behind them, and the per-channel CAC.
/// </summary>
internal static class PortfolioView
{
    /// <summary>The label of the whole book's column.</summary>
    public const string AllLabel = "all";

    /// <summary>The label of the group of customers without a value of the grouping dimension.</summary>
    public const string NoKeyLabel = "(none)";

    /// <summary>The metric rows: the PortfolioMetric values, then the other values of PortfolioMetrics.</summary>
    public static IReadOnlyList<int> MetricFields { get; } =
        [.. CliInputs.Metrics.Select(m => (int)m.Metric), PortfolioMetrics.CsatMeanFieldNumber, PortfolioMetrics.FirstResponseTimeMedianFieldNumber,
            PortfolioMetrics.RevenueFieldNumber, PortfolioMetrics.LifespanMethodFieldNumber];

    /// <summary>The count rows.</summary>
    public static IReadOnlyList<int> CountFields { get; } =
    [
        PortfolioMetrics.CustomersAtStartFieldNumber, PortfolioMetrics.CustomersAtEndFieldNumber, PortfolioMetrics.CustomersAcquiredFieldNumber,
        PortfolioMetrics.CustomersLostFieldNumber, PortfolioMetrics.PurchasesFieldNumber, PortfolioMetrics.PurchasingCustomersFieldNumber,
        PortfolioMetrics.NpsResponsesFieldNumber, PortfolioMetrics.CsatResponsesFieldNumber, PortfolioMetrics.CesResponsesFieldNumber,
        PortfolioMetrics.SupportInteractionsFieldNumber,
    ];

    /// <summary>The whole book's metrics of a response (its fields 1–34 are PortfolioMetrics on the wire).</summary>
    public static PortfolioMetrics Overall(GetPortfolioMetricsResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var metrics = new PortfolioMetrics();
        foreach (var field in PortfolioMetrics.Descriptor.Fields.InFieldNumberOrder())
        {
            var source = GetPortfolioMetricsResponse.Descriptor.FindFieldByNumber(field.FieldNumber);
            if (field.IsRepeated)
            {
                var target = (System.Collections.IList)field.Accessor.GetValue(metrics);
                foreach (var item in (System.Collections.IList)source.Accessor.GetValue(response))
                {
                    target.Add(item);
                }
            }
            else if (!source.HasPresence || source.Accessor.HasValue(response))
            {
                field.Accessor.SetValue(metrics, source.Accessor.GetValue(response));
            }
        }

        return metrics;
    }

    /// <summary>The columns of a response: "all", then one per group.</summary>
    public static List<PortfolioColumn> Columns(GetPortfolioMetricsResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var columns = new List<PortfolioColumn> { new(AllLabel, Overall(response)) };
        columns.AddRange(response.Groups.Select(g => new PortfolioColumn(GroupLabel(g.Key), g.Metrics ?? new PortfolioMetrics())));
        return columns;
    }

    public static string GroupLabel(string key) => key.Length == 0 ? NoKeyLabel : key;

    /// <summary>The JSON name of a PortfolioMetrics field.</summary>
    public static string FieldName(int fieldNumber) => Field(fieldNumber).JsonName;

    /// <summary>A field's value for a table: a number, "—" when absent, a word for the lifespan method.</summary>
    public static string Cell(PortfolioMetrics metrics, int fieldNumber)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var field = Field(fieldNumber);
        if (field.HasPresence && !field.Accessor.HasValue(metrics))
        {
            return Numbers.Absent;
        }

        var value = field.Accessor.GetValue(metrics);
        return value switch
        {
            double d => Numbers.Format(d),
            long l => Numbers.Count(l),
            LifespanMethod method => method == LifespanMethod.Unspecified
                ? Numbers.Absent
                : ProtoEnum.Short(method, "LIFESPAN_METHOD_").ToLowerInvariant().Replace('_', ' '),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }

    /// <summary>Rows of cells: one per field, one cell per column.</summary>
    public static List<string[]> Rows(IReadOnlyList<PortfolioColumn> columns, IEnumerable<int> fields)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(fields);
        return [.. fields.Select(f => (string[])[FieldName(f), .. columns.Select(c => Cell(c.Metrics, f))])];
    }

    /// <summary>The absent metrics with their reasons, each reason once with the columns it applies to.</summary>
    public static List<UnavailableRow> Unavailable(IReadOnlyList<PortfolioColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var order = MetricFields.Select(FieldName).Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        return [.. columns
            .SelectMany(c => c.Metrics.Unavailable.Select(u => (u.Metric, u.Reason, c.Label)))
            .GroupBy(u => (u.Metric, u.Reason))
            .Select(g => new UnavailableRow(g.Key.Metric, g.Key.Reason, [.. g.Select(u => u.Label).Distinct(StringComparer.Ordinal)]))
            .OrderBy(u => order.GetValueOrDefault(u.Metric, int.MaxValue))
            .ThenBy(u => u.Metric, StringComparer.Ordinal)];
    }

    /// <param name="grouped">Whether a grouping was asked for: one column per group, reasons in their own table.</param>
    public static void Print(CliConsole console, GetPortfolioMetricsResponse response, bool grouped)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(response);
        var all = Columns(response);
        var columns = grouped ? all : [all[0] with { Label = "value" }];
        var o = console.Out;
        o.WriteLine($"period: [{Numbers.Date(response.Period?.Start)}, {Numbers.Date(response.Period?.End)})");
        o.WriteLine($"churn: {CliInputs.DescribeChurn(response.ChurnDefinition)}");

        var metrics = NewTable("metric", columns);
        var reasons = grouped ? null : columns[0].Metrics.Unavailable
            .GroupBy(u => u.Metric, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join("; ", g.Select(u => u.Reason)), StringComparer.Ordinal);
        if (reasons is not null)
        {
            metrics.AddColumn("unavailable because");
        }

        foreach (var row in Rows(columns, MetricFields))
        {
            var cells = row.Select(c => new Text(c)).ToList();
            if (reasons is not null)
            {
                cells.Add(new Text(reasons.GetValueOrDefault(row[0], string.Empty)));
            }

            metrics.AddRow(cells);
        }

        o.Write(metrics);

        var counts = NewTable("count", columns);
        foreach (var row in Rows(columns, CountFields))
        {
            counts.AddRow(row.Select(c => new Text(c)));
        }

        o.Write(counts);

        if (grouped)
        {
            PrintUnavailable(console, Unavailable(columns), columns.Count);
        }

        PrintChannels(console, columns[0].Metrics.Channels);
    }

    /// <summary>The absent metrics with the columns each reason applies to ("every column" when all).</summary>
    public static void PrintUnavailable(CliConsole console, IReadOnlyList<UnavailableRow> rows, int columnCount)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumn("unavailable").AddColumn("because").AddColumn("in");
        foreach (var row in rows)
        {
            table.AddRow(new Text(row.Metric), new Text(row.Reason), new Text(row.Columns.Count == columnCount ? "every column" : string.Join(", ", row.Columns)));
        }

        console.Out.Write(table);
    }

    public static void PrintChannels(CliConsole console, IReadOnlyCollection<ChannelAcquisition> channels)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0)
        {
            console.Out.WriteLine("acquisition channels: none in the period");
            return;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("channel")
            .AddColumn(new TableColumn("spend").RightAligned())
            .AddColumn(new TableColumn("customers_acquired").RightAligned())
            .AddColumn(new TableColumn("cac").RightAligned())
            .AddColumn(new TableColumn("clv_to_cac").RightAligned());
        foreach (var c in channels)
        {
            table.AddRow(
                new Text(GroupLabel(c.Channel)),
                new Text(Numbers.Format(c.Spend)),
                new Text(Numbers.Count(c.CustomersAcquired)),
                new Text(Numbers.Format(c.HasCac ? c.Cac : null)),
                new Text(Numbers.Format(c.HasClvToCacRatio ? c.ClvToCacRatio : null)));
        }

        console.Out.Write(table);
    }

    private static Table NewTable(string first, IEnumerable<PortfolioColumn> columns)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn(first);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column.Label)).RightAligned());
        }

        return table;
    }

    private static FieldDescriptor Field(int fieldNumber) =>
        PortfolioMetrics.Descriptor.FindFieldByNumber(fieldNumber)
        ?? throw new ArgumentOutOfRangeException(nameof(fieldNumber), fieldNumber, "not a PortfolioMetrics field");
}
