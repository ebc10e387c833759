using System.Diagnostics;
using System.Globalization;
using CrmGrpc.Tests.Postgres;
using Npgsql;

namespace CrmGrpc.Data.Postgres.Tests;

/// <summary>scripts/pg-cluster.sh's clusters never outlive the process they were started for (--until-exit).</summary>
public sealed class ClusterScriptTests
{
    [Fact]
    public async Task A_cluster_started_until_a_process_exits_is_stopped_and_deleted_when_that_process_is_killed()
    {
        using var owner = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        var directory = Path.Combine(Path.GetTempPath(), "crm-test-pg-" + Guid.NewGuid().ToString("N")[..12]);
        await PostgresTestCluster.RunScriptAsync(
            PostgresTestCluster.ScriptPath, "start", directory, "--until-exit", owner.Id.ToString(CultureInfo.InvariantCulture));
        var connectionString = PostgresTestCluster.ReadEnv(directory)["CRM_TEST_PG"];
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
        }

        owner.Kill();
        var deadline = Stopwatch.StartNew();
        while (Directory.Exists(directory) && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(200);
        }

        Assert.False(Directory.Exists(directory), $"{directory} is still there {deadline.Elapsed.TotalSeconds:N0} s after its owner was killed");
        await using var gone = new NpgsqlConnection(connectionString + ";Timeout=3");
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => gone.OpenAsync());
    }
}
