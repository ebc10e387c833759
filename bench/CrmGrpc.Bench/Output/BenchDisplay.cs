using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace CrmGrpc.Bench.Output;

/// <summary>One phase's progress: a count towards a total (or none), and a line of detail.</summary>
internal interface IPhaseProgress
{
    void Report(long done, string detail);

    void Complete(string detail);
}

/// <summary>Starts the progress display of each phase.</summary>
internal interface IBenchDisplay
{
    IPhaseProgress Start(string phase, long? total);
}

/// <summary>
/// Progress on stdout: Spectre progress bars when stdout is a terminal, otherwise a plain line every few
/// seconds per phase and one when it ends (logs and CI stay readable).
/// </summary>
internal static class BenchDisplays
{
    public static async Task<T> RunAsync<T>(IAnsiConsole console, bool interactive, Func<IBenchDisplay, Task<T>> body)
    {
        if (!interactive)
        {
            return await body(new PlainDisplay(console));
        }

        return await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(context => body(new SpectreDisplay(context)));
    }

    private sealed class SpectreDisplay(ProgressContext context) : IBenchDisplay
    {
        public IPhaseProgress Start(string phase, long? total)
        {
            var task = context.AddTask(Markup.Escape(phase), autoStart: true, maxValue: Math.Max(1, total ?? 1));
            task.IsIndeterminate = total is null;
            return new Phase(task, phase);
        }

        private sealed class Phase(ProgressTask task, string phase) : IPhaseProgress
        {
            public void Report(long done, string detail)
            {
                task.Description = Markup.Escape($"{phase}: {detail}");
                if (!task.IsIndeterminate)
                {
                    task.Value = Math.Min(done, task.MaxValue);
                }
            }

            public void Complete(string detail)
            {
                task.Description = Markup.Escape($"{phase}: {detail}");
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                task.StopTask();
            }
        }
    }

    private sealed class PlainDisplay(IAnsiConsole console) : IBenchDisplay
    {
        private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

        public IPhaseProgress Start(string phase, long? total)
        {
            Write($"{phase}: started");
            return new Phase(this, phase, total);
        }

        private void Write(string line) =>
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {line}"));

        private sealed class Phase(PlainDisplay display, string phase, long? total) : IPhaseProgress
        {
            private long _last = Stopwatch.GetTimestamp();

            public void Report(long done, string detail)
            {
                if (Stopwatch.GetElapsedTime(_last) < Every)
                {
                    return;
                }

                _last = Stopwatch.GetTimestamp();
                var percent = total is > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({100.0 * done / total.Value:N0} %)") : "";
                display.Write($"{phase}: {detail}{percent}");
            }

            public void Complete(string detail) => display.Write($"{phase}: {detail}");
        }
    }
}
