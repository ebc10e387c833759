using System.Globalization;
using CrmGrpc.Cli.Commands;
using CrmGrpc.Contracts.V1;
using Spectre.Console;

namespace CrmGrpc.Cli.Output;

/// <summary>
/// Cohort retention as a matrix: one row per acquisition cohort, one column per period since acquisition
/// (0 = the acquisition period), cells the retention in percent, or the cumulative revenue per customer.
/// A period a cohort has not reached yet is an empty cell.
/// </summary>
internal static class CohortMatrix
{
    /// <summary>The header ("cohort", "customers", "0", "1", …) and one row of cells per cohort.</summary>
    public static (List<string> Header, List<string[]> Rows) Build(GetCohortRetentionResponse response, Granularity granularity, Func<CohortPeriod, string> cell)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(cell);
        var width = response.Cohorts.Count == 0 || response.Cohorts.All(c => c.Periods.Count == 0)
            ? 0
            : response.Cohorts.SelectMany(c => c.Periods).Max(p => p.Index) + 1;
        var header = new List<string> { "cohort", "customers" };
        header.AddRange(Enumerable.Range(0, width).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var rows = new List<string[]>(response.Cohorts.Count);
        foreach (var cohort in response.Cohorts)
        {
            var cells = new string[width + 2];
            cells[0] = Label(cohort.Acquired, granularity);
            cells[1] = Numbers.Count(cohort.Customers);
            for (var i = 2; i < cells.Length; i++)
            {
                cells[i] = string.Empty;
            }

            foreach (var period in cohort.Periods.Where(p => p.Index >= 0 && p.Index < width))
            {
                cells[period.Index + 2] = cell(period);
            }

            rows.Add(cells);
        }

        return (header, rows);
    }

    /// <summary>The retention cell: "45.7%".</summary>
    public static string Retention(CohortPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return Numbers.Percent(period.Retention);
    }

    /// <summary>The cumulative revenue per customer cell: "37.5".</summary>
    public static string Revenue(CohortPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return Numbers.Format(period.CumulativeRevenuePerCustomer);
    }

    /// <summary>A cohort's name: "1997-01" for a month, "1997-Q1" for a quarter, else the start date.</summary>
    public static string Label(Period? acquired, Granularity granularity)
    {
        if (acquired?.Start is null)
        {
            return string.Empty;
        }

        var start = acquired.Start.ToDateTimeOffset();
        return granularity switch
        {
            Granularity.Month => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            Granularity.Quarter => string.Create(CultureInfo.InvariantCulture, $"{start.Year}-Q{((start.Month - 1) / 3) + 1}"),
            Granularity.Year => start.Year.ToString(CultureInfo.InvariantCulture),
            _ => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    public static void Print(CliConsole console, GetCohortRetentionResponse response, Granularity granularity, bool revenue)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(response);
        if (response.Cohorts.Count == 0)
        {
            console.WriteLine("no customers were acquired in the range");
            return;
        }

        console.Out.MarkupLine($"[bold]retention[/] (share of the cohort purchasing in each {CliInputs.GranularityWord(granularity)} since acquisition)");
        Render(console, Build(response, granularity, Retention));
        if (revenue)
        {
            console.Out.MarkupLine($"[bold]cumulative revenue per customer[/] (to the end of each {CliInputs.GranularityWord(granularity)})");
            Render(console, Build(response, granularity, Revenue));
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{response.Cohorts.Count} cohorts, {response.Cohorts.Sum(c => c.Customers)} customers"));
    }

    private static void Render(CliConsole console, (List<string> Header, List<string[]> Rows) matrix)
    {
        var table = new Table().Border(TableBorder.Simple);
        for (var i = 0; i < matrix.Header.Count; i++)
        {
            table.AddColumn(i == 0 ? new TableColumn(matrix.Header[i]) : new TableColumn(matrix.Header[i]).RightAligned());
        }

        foreach (var row in matrix.Rows)
        {
            table.AddRow(row.Select(c => new Text(c)));
        }

        console.Out.Write(table);
    }
}
