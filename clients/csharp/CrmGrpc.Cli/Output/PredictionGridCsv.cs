using System.Globalization;
using CrmGrpc.Cli.Commands;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Output;

/// <summary>A prediction grid in long form, the shape plotting libraries pivot into a heatmap: one record per (frequency, recency).</summary>
internal static class PredictionGridCsv
{
    public const string Header = "frequency,recency,probability_alive,expected_purchases";

    /// <summary>The header, then the rows in the response's order, each row's recencies ascending; numbers round-trip ("R"), NaN as NaN.</summary>
    public static IEnumerable<string> Lines(GetPredictionGridResponse grid)
    {
        yield return Header;
        foreach (var row in grid.Rows)
        {
            for (var column = 0; column < grid.Recencies.Count; column++)
            {
                yield return string.Join(',',
                    row.Frequency.ToString(CultureInfo.InvariantCulture),
                    Number(grid.Recencies[column]),
                    Number(row.ProbabilityAlive[column]),
                    Number(row.ExpectedPurchases[column]));
            }
        }
    }

    /// <summary>What the grid is, in one line (for stderr: stdout carries only the CSV).</summary>
    public static string Describe(GetPredictionGridResponse grid) => string.Create(CultureInfo.InvariantCulture,
        $"model {grid.ModelId} ({ModelWords.KindName(grid.Kind)}, {ModelWords.UnitName(grid.TimeUnit)}): age {Numbers.Format(grid.Age)}, horizon {Numbers.Format(grid.Horizon)}; {grid.Rows.Count} frequencies × {grid.Recencies.Count} recencies");

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
