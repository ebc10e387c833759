using System.Globalization;
using CrmGrpc.Cli.Import;
using Spectre.Console;

namespace CrmGrpc.Cli.Output;

/// <summary>Creates the progress reporter of each import phase inside one display.</summary>
internal interface IProgressScope
{
    /// <param name="label">What is being imported.</param>
    IImportProgress Start(string label);
}

/// <summary>
/// Progress on stderr: a Spectre progress bar with rows/s and an ETA when stderr is a terminal; when it is
/// redirected, nothing unless asked (--progress), then a plain line every few seconds and a summary line at
/// the end of each phase.
/// </summary>
internal static class ImportProgressDisplay
{
    /// <summary>Time between two plain progress lines.</summary>
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    public static async Task<T> RunAsync<T>(CliConsole console, bool progressRequested, Func<IProgressScope, Task<T>> body, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(body);
        if (!console.Interactive)
        {
            return await body(progressRequested ? new PlainScope(console.Error, time ?? TimeProvider.System) : QuietScope.Instance);
        }

        return await console.Error.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 20 }, new PercentageColumn())
            .StartAsync(context => body(new SpectreScope(context)));
    }

    /// <summary>"transactions: 250,000 rows read, 245,000 sent, 183,412 rows/s, 25.0 % of the file, ETA 0:00:04".</summary>
    /// <param name="withShare">Whether to write the share of the file (the bar shows it on a terminal).</param>
    public static string Describe(string label, ImportProgress progress, bool withShare = true)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{label}: {progress.RowsRead:N0} rows read, {progress.RowsSent:N0} sent, {progress.RowsPerSecond:N0} rows/s");
        if (withShare && progress.InputFraction is { } fraction)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {Math.Clamp(fraction, 0, 1) * 100:0.0} % of the file");
        }

        if (progress.Remaining is { } remaining)
        {
            text += ", ETA " + Duration(remaining);
        }

        return text;
    }

    /// <summary>"transactions: done, 1,000,000 rows read, 1,000,000 sent in 5.42 s, 184,501 rows/s".</summary>
    public static string Summarize(string label, ImportProgress progress) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{label}: done, {progress.RowsRead:N0} rows read, {progress.RowsSent:N0} sent in {progress.Elapsed.TotalSeconds:0.00} s, {progress.RowsPerSecond:N0} rows/s");

    /// <summary>h:mm:ss, hours unbounded.</summary>
    private static string Duration(TimeSpan span) =>
        string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}");

    private sealed class QuietScope : IProgressScope
    {
        public static readonly QuietScope Instance = new();

        public IImportProgress Start(string label) => NullImportProgress.Instance;
    }

    private sealed class SpectreScope(ProgressContext context) : IProgressScope
    {
        private const double Scale = 1000;

        public IImportProgress Start(string label)
        {
            var task = context.AddTask(Markup.Escape(label), autoStart: true, maxValue: Scale);
            task.IsIndeterminate = true;
            return new SpectreProgress(task, label);
        }

        private sealed class SpectreProgress(ProgressTask task, string label) : IImportProgress
        {
            public void Report(ImportProgress progress)
            {
                task.Description = Markup.Escape(Describe(label, progress, withShare: false));
                if (progress.InputFraction is { } fraction)
                {
                    task.IsIndeterminate = false;
                    task.Value = Math.Clamp(fraction, 0, 1) * Scale;
                }
            }

            public void Complete(ImportProgress progress)
            {
                task.Description = Markup.Escape(Summarize(label, progress));
                task.IsIndeterminate = false;
                task.Value = Scale;
                task.StopTask();
            }
        }
    }

    private sealed class PlainScope(IAnsiConsole error, TimeProvider time) : IProgressScope
    {
        public IImportProgress Start(string label) => new PlainProgress(error, time, label);

        private sealed class PlainProgress(IAnsiConsole error, TimeProvider time, string label) : IImportProgress
        {
            private long lastLine = time.GetTimestamp();

            public void Report(ImportProgress progress)
            {
                if (time.GetElapsedTime(lastLine) >= PlainInterval)
                {
                    error.WriteLine(Describe(label, progress));
                    lastLine = time.GetTimestamp();
                }
            }

            public void Complete(ImportProgress progress) => error.WriteLine(Summarize(label, progress));
        }
    }
}
