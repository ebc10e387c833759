using System.Diagnostics;
using Npgsql;

namespace CrmGrpc.Tests.Postgres;

/// <summary>
/// The PostgreSQL cluster the tests run the PostgreSQL store on: the one <c>CRM_TEST_PG</c> (and <c>CRM_TEST_PG_REPLICA</c>,
/// a streaming replica of it) names, as <c>scripts/test.sh</c> starts it; else a throwaway primary and replica that
/// <c>scripts/pg-cluster.sh</c> starts for this test process and stops, its folder deleted, when the process ends (also
/// when the test host is killed at the end of a run). Each test takes its own database
/// (<see cref="CreateDatabaseAsync"/>), so tests never see each other's rows.
/// </summary>
public static class PostgresTestCluster
{
    private static readonly Lazy<Task<(string Primary, string? Replica)>> Cluster = new(StartAsync);

    /// <summary>The admin connection strings (database <c>postgres</c>) of the primary and, when there is one, the replica.</summary>
    public static Task<(string Primary, string? Replica)> GetAsync() => Cluster.Value;

    /// <summary>A new empty database on the cluster (and so on its replica), dropped when the result is disposed.</summary>
    public static async Task<PostgresTestDatabase> CreateDatabaseAsync(string prefix = "crm_test")
    {
        var (primary, replica) = await GetAsync();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using (var connection = new NpgsqlConnection(primary))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new PostgresTestDatabase(name, primary, WithDatabase(primary, name), replica is null ? null : WithDatabase(replica, name));
    }

    /// <summary>
    /// A cluster of the test's own (no replica), for tests that take PostgreSQL away and bring it back: the shared one
    /// must stay up for every other test. Stopped and deleted when the result is disposed.
    /// </summary>
    public static async Task<PrivatePostgresCluster> StartPrivateAsync(bool withReplica = false)
    {
        var script = Script();
        var directory = Path.Combine(Path.GetTempPath(), "crm-test-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var (exitCode, output) = await RunAsync("bash", [script, "start", directory, .. UntilThisProcessExits(), .. withReplica ? ["--replica"] : Array.Empty<string>()]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"scripts/pg-cluster.sh could not start a PostgreSQL cluster (exit {exitCode}): {output}");
        }

        var values = ReadEnv(directory);
        return new PrivatePostgresCluster(script, directory, values["CRM_TEST_PG"], values.GetValueOrDefault("CRM_TEST_PG_REPLICA"));
    }

    internal static async Task RunScriptAsync(string script, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync("bash", [script, .. arguments]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"scripts/pg-cluster.sh {string.Join(' ', arguments)} failed (exit {exitCode}): {output}");
        }
    }

    /// <summary>The script's option that stops a cluster and deletes its folder once this process has ended, however it ends.</summary>
    private static string[] UntilThisProcessExits() => ["--until-exit", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    public static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    private static async Task<(string, string?)> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("CRM_TEST_PG") is { Length: > 0 } configured)
        {
            return (configured, Environment.GetEnvironmentVariable("CRM_TEST_PG_REPLICA") is { Length: > 0 } replica ? replica : null);
        }

        var script = Script();
        var directory = Path.Combine(Path.GetTempPath(), "crm-test-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var (exitCode, output) = await RunAsync("bash", [script, "start", directory, "--replica", .. UntilThisProcessExits()]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"scripts/pg-cluster.sh could not start a PostgreSQL cluster (exit {exitCode}): {output}");
        }

        // At a normal exit the servers stop at once; when the test host is killed at the end of its run (its exit
        // handlers never run), the script's watcher stops them and deletes the folder (--until-exit).
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            using var stop = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { script, "stop", directory }, UseShellExecute = false });
            stop?.WaitForExit(30_000);
        };

        var values = ReadEnv(directory);
        return (values["CRM_TEST_PG"], values.GetValueOrDefault("CRM_TEST_PG_REPLICA"));
    }

    /// <summary>The values of a cluster's <c>DIR/env</c> (CRM_TEST_PG, and CRM_TEST_PG_REPLICA with a replica).</summary>
    internal static Dictionary<string, string> ReadEnv(string directory) =>
        File.ReadAllLines(Path.Combine(directory, "env"))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1].Trim('\''), StringComparer.Ordinal);

    /// <summary>scripts/pg-cluster.sh of this repository.</summary>
    internal static string ScriptPath => Script();

    private static string Script() =>
        RepositoryFile("scripts/pg-cluster.sh")
        ?? throw new InvalidOperationException("scripts/pg-cluster.sh was not found above the test binaries (set CRM_TEST_PG instead)");

    private static string? RepositoryFile(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CrmGrpc.sln")))
            {
                var path = Path.Combine(directory.FullName, relative);
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await output + await error).Trim());
    }
}

/// <summary>One test's database on the test cluster; disposing it drops the database (closing its connections).</summary>
public sealed class PostgresTestDatabase(string name, string adminConnectionString, string connectionString, string? replicaConnectionString)
    : IAsyncDisposable
{
    public string Name { get; } = name;

    /// <summary>The primary, this database.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>The streaming replica, this database; null when the cluster has no replica.</summary>
    public string? ReplicaConnectionString { get; } = replicaConnectionString;

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A test's own PostgreSQL cluster (see <see cref="PostgresTestCluster.StartPrivateAsync"/>).</summary>
public sealed class PrivatePostgresCluster(string script, string directory, string connectionString, string? replicaConnectionString)
    : IAsyncDisposable
{
    /// <summary>The superuser's connection string, database <c>postgres</c>.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>The streaming replica's, when started with one.</summary>
    public string? ReplicaConnectionString { get; } = replicaConnectionString;

    /// <summary>Stops the primary (a fast shutdown: sessions are ended, as when the database is taken down).</summary>
    public Task StopAsync() => PostgresTestCluster.RunScriptAsync(script, "stop-primary", directory);

    /// <summary>Starts the primary again on its port.</summary>
    public Task StartAsync() => PostgresTestCluster.RunScriptAsync(script, "start-primary", directory);

    public async ValueTask DisposeAsync()
    {
        await PostgresTestCluster.RunScriptAsync(script, "stop", directory);
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A folder left in /tmp is harmless; the server is stopped.
        }
        catch (UnauthorizedAccessException)
        {
            // Owned by the postgres user when the tests run as root: harmless, the server is stopped.
        }
    }
}
