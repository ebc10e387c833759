using System.Globalization;
using CrmGrpc.Cli.Import;
using CrmGrpc.Contracts.V1;
using Spectre.Console;

namespace CrmGrpc.Cli.Output;

/// <summary>An uplift measurement: per group baseline, post, uplift and 95 % interval, then the difference in differences.</summary>
internal static class UpliftView
{
    /// <summary>A group's cells: customers, baseline, post, uplift, 95 % CI.</summary>
    public static string[] GroupCells(UpliftGroupResult group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return
        [
            Numbers.Count(group.Customers),
            Numbers.Format(group.Baseline),
            Numbers.Format(group.Post),
            Numbers.SignedPercent(group.HasUplift ? group.Uplift : null),
            Numbers.Interval(group.HasCiLower ? group.CiLower : null, group.HasCiUpper ? group.CiUpper : null),
        ];
    }

    /// <summary>"+5.0 pts [-2.0, +12.0]": the difference of the two relative uplifts, in percentage points.</summary>
    public static string DifferenceInDifferences(DifferenceInDifferences did)
    {
        ArgumentNullException.ThrowIfNull(did);
        static string Points(double fraction) => (fraction * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture);
        return $"{Points(did.Estimate)} pts, 95% CI [{Points(did.CiLower)}, {Points(did.CiUpper)}]";
    }

    public static void Print(CliConsole console, MeasureUpliftResponse r, string metricWord)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(r);
        var o = console.Out;
        o.WriteLine($"metric: {metricWord}");
        o.WriteLine($"baseline window: [{Timestamps.Format(r.BaselineStart)}, {Timestamps.Format(r.EffectiveAt)})");
        o.WriteLine($"post window:     [{Timestamps.Format(r.EffectiveAt)}, {Timestamps.Format(r.PostEnd)})");

        var table = NewTable("group");
        if (r.Treated is { } treated)
        {
            table.AddRow([new Text("treated"), .. GroupCells(treated).Select(c => new Text(c))]);
        }

        if (r.Control is { } control)
        {
            table.AddRow([new Text("control"), .. GroupCells(control).Select(c => new Text(c))]);
        }

        o.Write(table);
        o.WriteLine(r.DifferenceInDifferences is { } did
            ? $"difference in differences (treated uplift - control uplift): {DifferenceInDifferences(did)}"
            : "difference in differences: " + Numbers.Absent + (r.Control is null ? " (no control group)" : " (an uplift is undefined)"));
        o.WriteLine($"pre-trend (uplift between the halves of the baseline window, should be near 0): treated {Numbers.SignedPercent(r.HasTreatedPreTrend ? r.TreatedPreTrend : null)}" +
            (r.Control is null ? string.Empty : $", control {Numbers.SignedPercent(r.HasControlPreTrend ? r.ControlPreTrend : null)}"));

        if (r.Breakdown.Count > 0)
        {
            var breakdown = new Table().Border(TableBorder.Simple).AddColumn("dimension").AddColumn("key").AddColumn("group")
                .AddColumn(new TableColumn("customers").RightAligned()).AddColumn(new TableColumn("baseline").RightAligned())
                .AddColumn(new TableColumn("post").RightAligned()).AddColumn(new TableColumn("uplift").RightAligned()).AddColumn("95% CI");
            foreach (var cell in r.Breakdown)
            {
                if (cell.Treated is { } t)
                {
                    breakdown.AddRow([new Text(cell.Dimension), new Text(PortfolioView.GroupLabel(cell.Key)), new Text("treated"), .. GroupCells(t).Select(c => new Text(c))]);
                }

                if (cell.Control is { } c)
                {
                    breakdown.AddRow([new Text(cell.Dimension), new Text(PortfolioView.GroupLabel(cell.Key)), new Text("control"), .. GroupCells(c).Select(x => new Text(x))]);
                }
            }

            o.Write(breakdown);
        }

        foreach (var warning in r.Warnings)
        {
            o.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }
    }

    private static Table NewTable(string first) =>
        new Table().Border(TableBorder.Simple).AddColumn(first)
            .AddColumn(new TableColumn("customers").RightAligned()).AddColumn(new TableColumn("baseline").RightAligned())
            .AddColumn(new TableColumn("post").RightAligned()).AddColumn(new TableColumn("uplift").RightAligned()).AddColumn("95% CI");
}
