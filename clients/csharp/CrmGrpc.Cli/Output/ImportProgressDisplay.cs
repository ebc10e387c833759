using System.Diagnostics;
using System.Globalization;
using CrmGrpc.Cli.Import;
using Spectre.Console;

namespace CrmGrpc.Cli.Output;

/// <summary>Creates the progress reporter of each import phase inside one display.</summary>
internal interface IProgressScope
{
    /// <param name="label">What is being imported.</param>
    /// <param name="fraction">How far through the input we are (0..1), or null when unknown.</param>
    IImportProgress Start(string label, Func<double>? fraction);
}

/// <summary>
/// Progress on stderr: a Spectre progress bar with rows/s when stderr is a terminal, otherwise a plain
/// line every few seconds and one at the end of each phase.
/// </summary>
internal static class ImportProgressDisplay
{
    public static async Task<T> RunAsync<T>(CliConsole console, Func<IProgressScope, Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(body);
        if (!console.Interactive)
        {
            return await body(new PlainScope(console.Error));
        }

        return await console.Error.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(context => body(new SpectreScope(context)));
    }

    private static string Describe(string label, long rowsRead, long rowsSent, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{label}: {rowsRead:N0} rows read, {rowsSent:N0} sent, {Rate(rowsRead, elapsed):N0} rows/s");

    private static double Rate(long rows, TimeSpan elapsed) => elapsed.TotalSeconds > 0 ? rows / elapsed.TotalSeconds : 0;

    private sealed class SpectreScope(ProgressContext context) : IProgressScope
    {
        private const double Scale = 1000;

        public IImportProgress Start(string label, Func<double>? fraction)
        {
            var task = context.AddTask(Markup.Escape(label), autoStart: true, maxValue: Scale);
            task.IsIndeterminate = fraction is null;
            return new SpectreProgress(task, label, fraction);
        }

        private sealed class SpectreProgress(ProgressTask task, string label, Func<double>? fraction) : IImportProgress
        {
            public void Report(long rowsRead, long rowsSent, TimeSpan elapsed)
            {
                task.Description = Markup.Escape(Describe(label, rowsRead, rowsSent, elapsed));
                if (fraction is not null)
                {
                    task.Value = Math.Clamp(fraction(), 0, 1) * Scale;
                }
            }

            public void Complete(long rowsRead, long rowsSent, TimeSpan elapsed)
            {
                task.Description = Markup.Escape(Describe(label, rowsRead, rowsSent, elapsed));
                task.IsIndeterminate = false;
                task.Value = Scale;
                task.StopTask();
            }
        }
    }

    private sealed class PlainScope(IAnsiConsole error) : IProgressScope
    {
        public IImportProgress Start(string label, Func<double>? fraction) => new PlainProgress(error, label);

        private sealed class PlainProgress(IAnsiConsole error, string label) : IImportProgress
        {
            private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
            private readonly Stopwatch sinceLastLine = Stopwatch.StartNew();

            public void Report(long rowsRead, long rowsSent, TimeSpan elapsed)
            {
                if (sinceLastLine.Elapsed >= Interval)
                {
                    error.WriteLine(Describe(label, rowsRead, rowsSent, elapsed));
                    sinceLastLine.Restart();
                }
            }

            public void Complete(long rowsRead, long rowsSent, TimeSpan elapsed) =>
                error.WriteLine(Describe(label, rowsRead, rowsSent, elapsed) +
                    string.Create(CultureInfo.InvariantCulture, $" in {elapsed.TotalSeconds:0.00} s"));
        }
    }
}
