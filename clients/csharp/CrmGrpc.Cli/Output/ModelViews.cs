using System.Globalization;
using CrmGrpc.Cli.Commands;
using CrmGrpc.Cli.Import;
using CrmGrpc.Contracts.V1;
using Spectre.Console;

namespace CrmGrpc.Cli.Output;

/// <summary>Fitted models: one in full (parameters with standard errors, diagnostics, warnings), or a list.</summary>
internal static class ModelViews
{
    /// <summary>One parameter row: name, estimate, standard error ("—" when the Hessian was singular).</summary>
    public static List<string[]> ParameterRows(IReadOnlyList<(string Name, double Value)> parameters, IReadOnlyList<double> standardErrors)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(standardErrors);
        return [.. parameters.Select((p, i) => new[]
        {
            p.Name,
            Numbers.Precise(p.Value),
            i < standardErrors.Count ? Numbers.Precise(standardErrors[i]) : Numbers.Absent,
        })];
    }

    public static void PrintModel(CliConsole console, Model model)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(model);
        var o = console.Out;
        var grid = MetricViews.NewGrid();
        MetricViews.Row(grid, "model_id", model.Id);
        MetricViews.Row(grid, "calibration_end", Timestamps.Format(model.CalibrationEnd));
        MetricViews.Row(grid, "time_unit", Unit(model.TimeUnit));
        MetricViews.Row(grid, "segment", model.Segment.Length > 0 ? model.Segment : "(all)");
        var given = IsGiven(model);
        if (given)
        {
            // Nothing was fitted here: no customers, penalty, fit time or spend correlation to show (all 0 in the message).
            MetricViews.Row(grid, "parameters", "given by CreateModel, not fitted here");
            MetricViews.Row(grid, "create_time", Timestamps.Format(model.CreateTime));
        }
        else
        {
            MetricViews.Row(grid, "penalizer_coef", Numbers.Format(model.PenalizerCoef));
            MetricViews.Row(grid, "customers", Numbers.Count(model.Customers));
            MetricViews.Row(grid, "repeat_customers", Numbers.Count(model.RepeatCustomers));
            MetricViews.Row(grid, "create_time", Timestamps.Format(model.CreateTime));
            MetricViews.Row(grid, "fit_seconds", model.FitSeconds.ToString("0.000", CultureInfo.InvariantCulture));
        }

        if (model.HoldoutEnd is not null)
        {
            MetricViews.Row(grid, "holdout_end", Timestamps.Format(model.HoldoutEnd));
        }

        if (!given && model.Fits.Count > 0 && model.GammaGamma is { } spend)
        {
            MetricViews.Row(grid, "frequency_spend_correlation", Numbers.Precise(spend.FrequencySpendCorrelation));
        }

        o.Write(grid);

        if (model.Fits.Count > 0)
        {
            // Fits from before fits[] existed have only the BG/NBD and Gamma-Gamma messages, shown below.
            FitComparisonView.Print(console, model);
        }
        else
        {
            PrintLegacyFits(o, model);
        }

        foreach (var warning in model.Warnings)
        {
            console.Out.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }
    }

    private static void PrintLegacyFits(IAnsiConsole o, Model model)
    {
        if (model.BgNbd is { } bg)
        {
            o.MarkupLine("[bold]BG/NBD[/] (purchase and dropout process)");
            o.Write(ParameterTable(ParameterRows([("r", bg.R), ("alpha", bg.Alpha), ("a", bg.A), ("b", bg.B)], bg.StandardErrors)));
            o.WriteLine(Diagnostics(bg.LogLikelihood, bg.Converged, bg.Iterations));
        }

        if (model.GammaGamma is { } gg)
        {
            o.MarkupLine("[bold]Gamma-Gamma[/] (spend per purchase)");
            o.Write(ParameterTable(ParameterRows([("p", gg.P), ("q", gg.Q), ("gamma", gg.Gamma)], gg.StandardErrors)));
            o.WriteLine(Diagnostics(gg.LogLikelihood, gg.Converged, gg.Iterations) +
                $", frequency-spend correlation {Numbers.Precise(gg.FrequencySpendCorrelation)}");
        }
        else
        {
            o.WriteLine("Gamma-Gamma: not fitted (too few repeat customers)");
        }
    }

    public static void PrintModels(CliConsole console, IReadOnlyCollection<Model> models)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(models);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("model_id").AddColumn("create_time").AddColumn("calibration_end").AddColumn("unit").AddColumn("segment").AddColumn("models")
            .AddColumn(new TableColumn("customers").RightAligned()).AddColumn(new TableColumn("bg_nbd_ll").RightAligned()).AddColumn("converged")
            .AddColumn(new TableColumn("gamma_gamma_ll").RightAligned()).AddColumn(new TableColumn("warnings").RightAligned());
        foreach (var m in models)
        {
            // A model given by CreateModel has no customers or likelihood: its zeros are not measurements.
            var given = IsGiven(m);
            table.AddRow(
                new Text(m.Id),
                new Text(Timestamps.Format(m.CreateTime)),
                new Text(Timestamps.Format(m.CalibrationEnd)),
                new Text(Unit(m.TimeUnit)),
                new Text(m.Segment),
                new Text(Kinds(m)),
                new Text(given ? Numbers.Absent : Numbers.Count(m.Customers)),
                new Text(given || m.BgNbd is null ? Numbers.Absent : Numbers.Format(m.BgNbd.LogLikelihood)),
                new Text(Converged(m)),
                new Text(given || m.GammaGamma is null ? Numbers.Absent : Numbers.Format(m.GammaGamma.LogLikelihood)),
                new Text(Numbers.Count(m.Warnings.Count)));
        }

        console.Out.Write(table);
    }

    public static string Unit(TimeUnit unit) => unit == TimeUnit.Unspecified ? string.Empty : ProtoEnum.Short(unit, "TIME_UNIT_").ToLowerInvariant();

    /// <summary>The kinds of a stored model's fits, in order ("pareto-nbd,bg-nbd,gamma-gamma"); older fits name their two messages.</summary>
    public static string Kinds(Model m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Fits.Count > 0)
        {
            return string.Join(",", m.Fits.Select(f => ModelWords.KindName(f.Kind)));
        }

        var legacy = new List<string>();
        if (m.BgNbd is not null)
        {
            legacy.Add(ModelWords.KindName(ModelKind.BgNbd));
        }

        if (m.GammaGamma is not null)
        {
            legacy.Add(ModelWords.KindName(ModelKind.GammaGamma));
        }

        return string.Join(",", legacy);
    }

    /// <summary>Whether every model of <paramref name="m"/> was given by CreateModel rather than fitted here.</summary>
    private static bool IsGiven(Model m) => m.Fits.Count > 0 && m.Fits.All(f => f.Created);

    /// <summary>"yes" when every fit converged, "given" when the parameters were all created, else "no".</summary>
    private static string Converged(Model m)
    {
        if (m.Fits.Count == 0)
        {
            return (m.BgNbd?.Converged ?? false) && (m.GammaGamma?.Converged ?? true) ? "yes" : "no";
        }

        return IsGiven(m) ? "given" : m.Fits.All(f => f.Converged) ? "yes" : "no";
    }

    private static string Diagnostics(double logLikelihood, bool converged, int iterations) =>
        string.Create(CultureInfo.InvariantCulture,
            $"log-likelihood {Numbers.Precise(logLikelihood)}, {(converged ? "converged" : "NOT converged")} in {iterations} iterations");

    private static Table ParameterTable(IEnumerable<string[]> rows)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("parameter").AddColumn(new TableColumn("estimate").RightAligned()).AddColumn(new TableColumn("std_error").RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(row.Select(c => new Text(c)));
        }

        return table;
    }
}
