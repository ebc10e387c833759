using System.Diagnostics;
using System.Reflection;

namespace CrmGrpc.Cli.Tests;

/// <summary>What one run of the `crm` program printed and how it exited.</summary>
internal sealed record CrmRun(int ExitCode, string Output, string Error)
{
    /// <summary>Stdout's lines, trimmed, without empty ones.</summary>
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>Runs crm.dll (the CLI's own build output) as a process of its own, as a user would.</summary>
internal static class CrmProcess
{
    /// <summary>crm.dll in the CLI's own output folder (the test project's build writes where).</summary>
    private static readonly string CrmDll = typeof(CrmProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CrmDll").Value ?? throw new InvalidOperationException("no CrmDll metadata");

    /// <summary>Runs crm with <paramref name="args"/> and none of the caller's CRM_* variables, within a minute.</summary>
    public static async Task<CrmRun> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CrmDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("CRM_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return new CrmRun(process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"crm {string.Join(' ', args)} did not finish within a minute");
        }
    }
}
