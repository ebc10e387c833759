using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace CrmGrpc.Cli.Output;

/// <summary>Receives the progress of a bulk recalculation.</summary>
internal interface IRecalcProgress
{
    /// <param name="done">Customers done (by the server's progress message, or written here, whichever is further).</param>
    /// <param name="total">Customers matching the filter.</param>
    /// <param name="customersPerSecond">Throughput so far.</param>
    void Report(long done, long total, double customersPerSecond);

    /// <summary>The stream ended (or stopped): the last figures.</summary>
    void Complete(long done, long total, double customersPerSecond);
}

/// <summary>
/// Recalculation progress on stderr: a Spectre progress bar (done/total, customers/s) when stderr is a
/// terminal, otherwise a plain line every few seconds and one at the end.
/// </summary>
internal static class RecalcProgressDisplay
{
    public static async Task<T> RunAsync<T>(CliConsole console, Func<IRecalcProgress, Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(body);
        if (!console.Interactive)
        {
            return await body(new PlainProgress(console.Error));
        }

        return await console.Error.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(context =>
            {
                var task = context.AddTask("recalc: waiting for the server", autoStart: true, maxValue: 1);
                task.IsIndeterminate = true;
                return body(new SpectreProgress(task));
            });
    }

    /// <summary>"recalc: 1200/23570 customers, 5400 customers/s".</summary>
    public static string Describe(long done, long total, double customersPerSecond) =>
        string.Create(CultureInfo.InvariantCulture, $"recalc: {done}/{total} customers, {customersPerSecond:0} customers/s");

    private sealed class SpectreProgress(ProgressTask task) : IRecalcProgress
    {
        public void Report(long done, long total, double customersPerSecond)
        {
            task.Description = Markup.Escape(Describe(done, total, customersPerSecond));
            task.IsIndeterminate = false;
            task.MaxValue = Math.Max(total, 1);
            task.Value = Math.Min(done, task.MaxValue);
        }

        public void Complete(long done, long total, double customersPerSecond)
        {
            Report(done, total, customersPerSecond);
            task.StopTask();
        }
    }

    private sealed class PlainProgress(IAnsiConsole error) : IRecalcProgress
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
        private readonly Stopwatch sinceLastLine = Stopwatch.StartNew();

        public void Report(long done, long total, double customersPerSecond)
        {
            if (sinceLastLine.Elapsed >= Interval)
            {
                error.WriteLine(Describe(done, total, customersPerSecond));
                sinceLastLine.Restart();
            }
        }

        public void Complete(long done, long total, double customersPerSecond) => error.WriteLine(Describe(done, total, customersPerSecond));
    }
}
