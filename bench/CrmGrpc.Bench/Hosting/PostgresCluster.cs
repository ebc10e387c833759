using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Npgsql;

namespace CrmGrpc.Bench.Hosting;

/// <summary>
/// A throwaway PostgreSQL cluster of the bench's own, as the tests start theirs: <c>scripts/pg-cluster.sh start DIR
/// --durable [--replica]</c> (fsync on: the figures are those of a production setting), its connection strings read
/// from <c>DIR/env</c>. Disposing it stops it (whatever ended the run) and deletes its folder unless asked to keep it.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private const string ScriptPath = "scripts/pg-cluster.sh";

    /// <summary>How long the script may take to start the servers (it installs PostgreSQL with apt-get when missing).</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    private readonly string _script;
    private bool _stopped;

    private PostgresCluster(string script, string directory, string adminConnectionString, string? replicaAdminConnectionString)
    {
        _script = script;
        Directory = directory;
        AdminConnectionString = adminConnectionString;
        ReplicaAdminConnectionString = replicaAdminConnectionString;
    }

    /// <summary>The cluster's folder (data directories, server logs, <c>env</c>).</summary>
    public string Directory { get; }

    /// <summary>The primary, superuser <c>crm</c>, database <c>postgres</c>.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The streaming replica, the same; null without one.</summary>
    public string? ReplicaAdminConnectionString { get; }

    /// <summary>Keep the folder when disposed (--keep-db): the cluster is stopped either way.</summary>
    public bool Keep { get; private init; }

    /// <param name="keep">Keep the folder when disposed (--keep-db); otherwise the script also stops the cluster and deletes
    /// its folder once the bench has ended, however it ends (a killed bench runs none of its own clean-up).</param>
    public static async Task<PostgresCluster> StartAsync(string directory, bool withReplica, bool keep, CancellationToken cancellationToken)
    {
        var script = FindScript();
        string[] arguments =
        [
            "start", directory, "--durable", .. withReplica ? ["--replica"] : Array.Empty<string>(),
            .. keep ? Array.Empty<string>() : ["--until-exit", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)],
        ];
        var cluster = new PostgresCluster(script, directory, "", null) { Keep = keep };
        try
        {
            var (exitCode, output) = await RunScriptAsync(script, arguments, StartTimeout, cancellationToken);
            if (exitCode != 0)
            {
                throw new BenchException($"{ScriptPath} {string.Join(' ', arguments)} failed (exit {exitCode}):{Environment.NewLine}{output}");
            }

            var env = ReadEnv(directory);
            var primary = env.GetValueOrDefault("CRM_TEST_PG")
                ?? throw new BenchException($"{ScriptPath} wrote no CRM_TEST_PG to {Path.Combine(directory, "env")}");
            var replica = env.GetValueOrDefault("CRM_TEST_PG_REPLICA");
            if (withReplica && replica is null)
            {
                throw new BenchException($"{ScriptPath} started no replica (no CRM_TEST_PG_REPLICA in {Path.Combine(directory, "env")})");
            }

            return new PostgresCluster(script, directory, primary, replica) { Keep = keep };
        }
        catch
        {
            // A half-started cluster (cancelled, or the replica failed) is stopped here: the caller never gets it.
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Replaces <c>Database</c> of one of the admin connection strings.</summary>
    public static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    /// <summary>Stops both servers; idempotent, never cancelled (it runs on the way out of a cancelled run too).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        var (exitCode, output) = await RunScriptAsync(_script, ["stop", Directory], StopTimeout, CancellationToken.None);
        if (exitCode != 0)
        {
            throw new BenchException($"{ScriptPath} stop {Directory} failed (exit {exitCode}): {output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (!Keep && System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>
    /// The script, found by walking up from this build to the folder with CrmGrpc.sln (as the tests do), else in the
    /// repository this bench was built from (a build with its artifacts elsewhere).
    /// </summary>
    private static string FindScript()
    {
        var built = typeof(PostgresCluster).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CrmGrpc.sln")) && File.Exists(Path.Combine(directory.FullName, ScriptPath)))
            {
                return Path.Combine(directory.FullName, ScriptPath);
            }
        }

        return built is not null && File.Exists(Path.Combine(built, ScriptPath))
            ? Path.Combine(built, ScriptPath)
            : throw new BenchException($"cannot find {ScriptPath} above {AppContext.BaseDirectory} nor in {built ?? "the repository"}");
    }

    private static Dictionary<string, string> ReadEnv(string directory) =>
        File.ReadAllLines(Path.Combine(directory, "env"))
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim('\''), StringComparer.Ordinal);

    private static async Task<(int ExitCode, string Output)> RunScriptAsync(
        string script, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var result = await ChildProcess.RunAsync(
            start, timeout, $"{ScriptPath} {string.Join(' ', arguments)}", "install bash", cancellationToken);
        return (result.ExitCode, (result.Output + result.Error).Trim());
    }
}
