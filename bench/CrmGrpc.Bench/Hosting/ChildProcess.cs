using System.ComponentModel;
using System.Diagnostics;

namespace CrmGrpc.Bench.Hosting;

/// <summary>Runs a helper program (the cluster script, psql) to its end within a time limit, its output captured.</summary>
internal static class ChildProcess
{
    /// <summary>How a child process ended and what it wrote.</summary>
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>
    /// Starts <paramref name="start"/> (output redirected here), waits for it, and returns its exit code and output. A
    /// child still running after <paramref name="timeout"/> is killed with its own children.
    /// </summary>
    /// <param name="what">What the child does, for the messages ("the PostgreSQL floor").</param>
    /// <param name="missing">What to do when the program is not installed.</param>
    /// <exception cref="BenchException">It could not start, or it ran past <paramref name="timeout"/>.</exception>
    public static async Task<Result> RunAsync(ProcessStartInfo start, TimeSpan timeout, string what, string missing, CancellationToken cancellationToken)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BenchException($"could not start {start.FileName} for {what}");
        }
        catch (Win32Exception ex)
        {
            throw new BenchException($"{start.FileName} is needed for {what} ({ex.Message}); {missing}");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                throw new BenchException($"{what} did not finish within {timeout.TotalSeconds:N0} s");
            }

            return new Result(process.ExitCode, await output, await error);
        }
    }
}
