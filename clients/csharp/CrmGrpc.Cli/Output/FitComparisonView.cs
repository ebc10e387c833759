using System.Globalization;
using CrmGrpc.Cli.Commands;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;

namespace CrmGrpc.Cli.Output;

/// <summary>
/// The models of one fit side by side (parameters, LL, AIC, BIC, convergence, holdout error), and the holdout's
/// tracking series: cumulative actual repeat purchases and each model's prediction per time unit.
/// </summary>
internal static class FitComparisonView
{
    /// <summary>Tracking rows the table shows at most; longer series are thinned (--json has every point).</summary>
    public const int MaxTrackingRows = 40;

    /// <summary>The comparison's header and one row per fit, in the fit's order; holdout columns only when some fit has a holdout.</summary>
    public static (List<string> Header, List<string[]> Rows) Comparison(IReadOnlyList<ModelFit> fits)
    {
        ArgumentNullException.ThrowIfNull(fits);
        var withHoldout = fits.Any(f => f.Holdout is not null);
        List<string> header = ["model", "parameters", "ll", "aic", "bic", "converged", "iterations", "fit_seconds"];
        if (withHoldout)
        {
            header.AddRange(["holdout_actual", "holdout_predicted", "mae", "rmse"]);
        }

        var rows = new List<string[]>(fits.Count);
        foreach (var fit in fits)
        {
            // A created model has no likelihood here: its LL, AIC and BIC are 0 by contract, not estimates.
            string Statistic(double value) => fit.Created ? Numbers.Absent : Numbers.Format(value);
            List<string> cells =
            [
                ModelWords.KindName(fit.Kind),
                Parameters(fit),
                Statistic(fit.LogLikelihood),
                Statistic(fit.Aic),
                Statistic(fit.Bic),
                fit.Created ? "given" : fit.Converged ? "yes" : "no",
                fit.Created ? Numbers.Absent : Numbers.Count(fit.Iterations),
                fit.Created || fit.FitSeconds <= 0 ? Numbers.Absent : fit.FitSeconds.ToString("0.000", CultureInfo.InvariantCulture),
            ];
            if (withHoldout)
            {
                var h = fit.Holdout;
                cells.AddRange(h is null
                    ? [Numbers.Absent, Numbers.Absent, Numbers.Absent, Numbers.Absent]
                    : [Numbers.Format(h.ActualRepeatPurchases), Numbers.Format(h.PredictedRepeatPurchases), Numbers.Format(h.MeanAbsoluteError), Numbers.Format(h.RootMeanSquaredError)]);
            }

            rows.Add([.. cells]);
        }

        return (header, rows);
    }

    /// <summary>
    /// "r=0.242593 ± 0.0128", one line per parameter, in the order the server gives them (the model's own order);
    /// without a standard error (singular information matrix, created models) the estimate alone.
    /// </summary>
    public static string Parameters(ModelFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return string.Join('\n', fit.Parameters.Select(p => fit.StandardErrors.TryGetValue(p.Key, out var se)
            ? $"{p.Key}={Numbers.Precise(p.Value)} ± {se.ToString("G3", CultureInfo.InvariantCulture)}"
            : $"{p.Key}={Numbers.Precise(p.Value)}"));
    }

    /// <summary>A tracking table: its header, the rows shown, and a note when rows were left out.</summary>
    public sealed record Tracking(List<string> Header, List<string[]> Rows, int TotalRows, string? Note);

    /// <summary>
    /// The holdout tracking series of the fits that have one: one row per time unit (end, calibration or holdout,
    /// actual cumulative repeat purchases, each model's predicted cumulative); null when no fit has a holdout.
    /// Series longer than <paramref name="maxRows"/> show every k-th row, the last calibration row and the last row.
    /// </summary>
    public static Tracking? TrackingSeries(IReadOnlyList<ModelFit> fits, Timestamp? calibrationEnd, string unitName, int maxRows = MaxTrackingRows)
    {
        ArgumentNullException.ThrowIfNull(fits);
        var validated = fits.Where(f => f.Holdout is { Tracking.Count: > 0 }).ToList();
        if (validated.Count == 0)
        {
            return null;
        }

        // Every model is validated on the same customers and units, so the ends agree; a union keeps a row for each anyway.
        var byEnd = validated.Select(f => f.Holdout.Tracking.Where(p => p.End is not null).ToDictionary(p => p.End.Seconds)).ToList();
        var ends = byEnd.SelectMany(points => points.Keys).Distinct().Order().ToList();
        // The tracking ends are exclusive: a unit ending on or before the day after the calibration end is calibration.
        var holdoutAfter = calibrationEnd is null ? long.MaxValue : calibrationEnd.Seconds + 86_400;
        List<string> header = ["end", "period", "actual"];
        header.AddRange(validated.Select(f => ModelWords.KindName(f.Kind)));
        var all = new List<string[]>(ends.Count);
        foreach (var end in ends)
        {
            var actual = byEnd.Select(points => points.TryGetValue(end, out var p) ? p.ActualCumulative : (double?)null).FirstOrDefault(a => a is not null);
            List<string> cells = [Numbers.Date(new Timestamp { Seconds = end }), end <= holdoutAfter ? "calibration" : "holdout", Numbers.Format(actual)];
            cells.AddRange(byEnd.Select(points => points.TryGetValue(end, out var p) ? Numbers.Format(p.PredictedCumulative) : Numbers.Absent));
            all.Add([.. cells]);
        }

        var lastCalibration = ends.FindLastIndex(end => end <= holdoutAfter);
        var shown = Subset(all.Count, maxRows, lastCalibration);
        if (shown.Count == all.Count)
        {
            return new Tracking(header, all, all.Count, null);
        }

        var step = Step(all.Count, maxRows);
        var unit = unitName.TrimEnd('s');
        var note = string.Create(CultureInfo.InvariantCulture,
            $"showing {shown.Count} of {all.Count} rows: one {unit} in {step}, the last calibration {unit} and the last {unit}; --json has them all");
        return new Tracking(header, [.. shown.Select(i => all[i])], all.Count, note);
    }

    /// <summary>
    /// The rows of a series of <paramref name="count"/> to show: all when they fit in <paramref name="maxRows"/>;
    /// otherwise every k-th from the first, with <paramref name="mustShow"/> (when ≥ 0) and the last, in order.
    /// </summary>
    public static List<int> Subset(int count, int maxRows, int mustShow = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 3);
        if (count <= maxRows)
        {
            return [.. Enumerable.Range(0, count)];
        }

        var step = Step(count, maxRows);
        var shown = new SortedSet<int>(Enumerable.Range(0, count).Where(i => i % step == 0)) { count - 1 };
        if (mustShow >= 0 && mustShow < count)
        {
            shown.Add(mustShow);
        }

        return [.. shown];
    }

    /// <summary>The k of every k-th row: small enough that the k-th rows and the two extra ones stay within <paramref name="maxRows"/>.</summary>
    private static int Step(int count, int maxRows) => (int)Math.Ceiling(count / (double)(maxRows - 2));

    public static void Print(CliConsole console, Model model)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(model);
        var o = console.Out;
        var (header, rows) = Comparison(model.Fits);
        o.MarkupLine("[bold]Models[/] (LL: log-likelihood; AIC, BIC: lower is better" +
            (model.Fits.Any(f => f.Holdout is not null) ? $"; holdout: repeat purchases to {Numbers.Date(model.HoldoutEnd ?? model.Fits.First(f => f.Holdout is not null).Holdout.HoldoutEnd)}" : string.Empty) + ")");
        o.Write(Table(header, rows, firstTextColumns: 2));

        if (TrackingSeries(model.Fits, model.CalibrationEnd, ModelWords.UnitName(model.TimeUnit)) is { } tracking)
        {
            o.MarkupLine($"[bold]Tracking[/] (cumulative repeat purchases of the calibration customers per {Markup.Escape(ModelWords.UnitName(model.TimeUnit).TrimEnd('s'))})");
            o.Write(Table(tracking.Header, tracking.Rows, firstTextColumns: 2));
            if (tracking.Note is { } note)
            {
                o.WriteLine(note);
            }
        }

        foreach (var fit in model.Fits.Where(f => f.Retention.Count > 0))
        {
            var unit = ModelWords.UnitName(model.TimeUnit).TrimEnd('s');
            o.MarkupLine($"[bold]Retention[/] ({Markup.Escape(ModelWords.KindName(fit.Kind))}: share of a cohort still active after each {Markup.Escape(unit)}, " +
                $"that {Markup.Escape(unit)}'s retention rate, and the discounted expected remaining {Markup.Escape(unit)}s of a customer starting it)");
            o.Write(Table(
                [unit, "survival", "retention", "expected_remaining"],
                [.. fit.Retention.Select(p => new[]
                {
                    p.Period.ToString(CultureInfo.InvariantCulture),
                    Numbers.Precise(p.Survival),
                    Numbers.Precise(p.RetentionRate),
                    Numbers.Precise(p.ExpectedRemainingLifetime),
                })],
                firstTextColumns: 1));
        }
    }

    private static Table Table(List<string> header, List<string[]> rows, int firstTextColumns)
    {
        var table = new Table().Border(TableBorder.Simple);
        for (var i = 0; i < header.Count; i++)
        {
            table.AddColumn(i < firstTextColumns ? new TableColumn(header[i]) : new TableColumn(header[i]).RightAligned());
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(c => new Text(c)));
        }

        return table;
    }
}
