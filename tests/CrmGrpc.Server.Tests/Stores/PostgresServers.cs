using System.Diagnostics;
using CrmGrpc.Tests.Postgres;

namespace CrmGrpc.Server.Tests.Stores;

/// <summary>Server arguments and processes for the tests that run PostgreSQL explicitly, whatever store the run is on.</summary>
public static class PostgresServers
{
    /// <summary>Arguments that put a server on <paramref name="database"/>; later arguments win, so these override the run's store.</summary>
    public static string[] On(PostgresTestDatabase database, bool withReplica = false) =>
        withReplica
            ? ["--store", "postgres", "--pg", database.ConnectionString, "--Crm:Store:ReplicaConnectionString", database.ReplicaConnectionString!]
            : ["--store", "postgres", "--pg", database.ConnectionString];

    /// <summary>Arguments that put a server on a SQLite file, whatever store the run is on.</summary>
    public static string[] OnSqlite(string path) => ["--store", "sqlite", "--db", path];

    /// <summary>Runs the server binary with <paramref name="arguments"/> until it exits by itself (bounded); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CrmGrpc.Server.dll"));
        foreach (var argument in (string[])["--urls", "http://127.0.0.1:0", "--web-urls", "none", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("the server did not exit within 60 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
