using System.Globalization;
using CrmGrpc.Cli.Commands;
using CrmGrpc.Contracts.V1;
using Spectre.Console;

namespace CrmGrpc.Cli.Output;

/// <summary>A metric series as a table: one row per bucket (and group), one column per metric.</summary>
internal static class SeriesView
{
    /// <summary>
    /// The metric columns: the requested ones in the order given, or, when none were requested, every
    /// metric that has a value in some point (all of them when none has).
    /// </summary>
    public static List<PortfolioMetric> MetricColumns(GetMetricSeriesResponse response, IReadOnlyList<PortfolioMetric> requested)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(requested);
        if (requested.Count > 0)
        {
            return [.. requested.Distinct()];
        }

        var all = CliInputs.Metrics.Select(m => m.Metric).ToList();
        var present = all.Where(m => response.Points.Any(p => PortfolioView.Cell(p.Metrics ?? new PortfolioMetrics(), (int)m) != Numbers.Absent)).ToList();
        return present.Count > 0 ? present : all;
    }

    /// <summary>The header and the rows of cells.</summary>
    public static (List<string> Header, List<string[]> Rows) Build(GetMetricSeriesResponse response, IReadOnlyList<PortfolioMetric> columns, bool grouped)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(columns);
        var header = new List<string> { "start", "end" };
        if (grouped)
        {
            header.Add("group");
        }

        header.AddRange(columns.Select(CliInputs.MetricName));
        var rows = new List<string[]>(response.Points.Count);
        Period? bucket = null;
        foreach (var point in response.Points)
        {
            var cells = new List<string> { Numbers.Date(point.Bucket?.Start), Numbers.Date(point.Bucket?.End) };
            if (grouped)
            {
                // The whole book's point comes first in its bucket; a later empty key is the group without a value.
                var first = bucket is null || !Equals(bucket, point.Bucket);
                cells.Add(first && point.GroupKey.Length == 0 ? PortfolioView.AllLabel : PortfolioView.GroupLabel(point.GroupKey));
            }

            bucket = point.Bucket;

            var metrics = point.Metrics ?? new PortfolioMetrics();
            cells.AddRange(columns.Select(m => PortfolioView.Cell(metrics, (int)m)));
            rows.Add([.. cells]);
        }

        return (header, rows);
    }

    /// <summary>Each (metric, reason) once, with the number of points it applies to.</summary>
    public static List<(string Metric, string Reason, int Points)> Unavailable(GetMetricSeriesResponse response, IReadOnlyList<PortfolioMetric> columns)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(columns);
        var names = columns.Select(CliInputs.MetricName).ToList();
        return [.. response.Points
            .SelectMany(p => (p.Metrics ?? new PortfolioMetrics()).Unavailable)
            .Where(u => names.Contains(u.Metric, StringComparer.Ordinal))
            .GroupBy(u => (u.Metric, u.Reason))
            .OrderBy(g => names.IndexOf(g.Key.Metric))
            .Select(g => (g.Key.Metric, g.Key.Reason, g.Count()))];
    }

    public static void Print(CliConsole console, GetMetricSeriesResponse response, IReadOnlyList<PortfolioMetric> requested, bool grouped)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(response);
        var columns = MetricColumns(response, requested);
        var (header, rows) = Build(response, columns, grouped);
        var table = new Table().Border(TableBorder.Simple);
        for (var i = 0; i < header.Count; i++)
        {
            var column = new TableColumn(Markup.Escape(header[i]));
            table.AddColumn(i >= (grouped ? 3 : 2) ? column.RightAligned() : column);
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(c => new Text(c)));
        }

        console.Out.Write(table);
        var unavailable = Unavailable(response, columns);
        if (unavailable.Count > 0)
        {
            var reasons = new Table().Border(TableBorder.Simple).AddColumn("unavailable").AddColumn("because").AddColumn(new TableColumn("points").RightAligned());
            foreach (var (metric, reason, points) in unavailable)
            {
                reasons.AddRow(new Text(metric), new Text(reason), new Text(points.ToString(CultureInfo.InvariantCulture)));
            }

            console.Out.Write(reasons);
        }

        if (requested.Count == 0 && columns.Count < CliInputs.Metrics.Count)
        {
            var hidden = CliInputs.Metrics.Where(m => !columns.Contains(m.Metric)).Select(m => m.Name);
            console.Out.WriteLine($"not shown, without a value in any point: {string.Join(", ", hidden)} (--json has their reasons)");
        }

        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{response.Points.Count} points; churn: {CliInputs.DescribeChurn(response.ChurnDefinition)}"));
    }
}
