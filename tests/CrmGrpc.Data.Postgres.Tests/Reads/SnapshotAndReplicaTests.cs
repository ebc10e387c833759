using System.Diagnostics;
using CrmGrpc.Data.Postgres.Reads;
using CrmGrpc.Data.Postgres.Repositories;
using CrmGrpc.Data.Postgres.Tests.TestSupport;
using CrmGrpc.Domain;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Metrics;
using CrmGrpc.Domain.Metrics.Cohorts;
using CrmGrpc.Domain.Uplift;
using CrmGrpc.Tests.Postgres;
using Dapper;
using Npgsql;

namespace CrmGrpc.Data.Postgres.Tests.Reads;

/// <summary>Where the heavy reads go, and that a read in parts sees one snapshot of the book.</summary>
public sealed class SnapshotAndReplicaTests
{
    private const long FirstKey = 1;
    private const long LastKey = 1_000_000;
    private const long PurchaseAmount = 1_000;
    private const long MarkerAmount = 777;

    private static readonly long Day0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly DateTimeOffset AsOf = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Heavy_reads_go_to_the_replica_when_one_is_configured()
    {
        // As the server does for the whole-book calls: this test's flow may read the replica.
        ReplicaReads.Allow();
        await using var store = await PgTestStore.CreateAsync();
        var replica = store.TestDatabase.ReplicaConnectionString;
        Assert.True(replica is not null, "the test cluster has no replica (CRM_TEST_PG_REPLICA)");
        await WriteBaseBookAsync(store, customers: 200);
        await WaitForReplicaAsync(replica, "SELECT count(*) FROM customer_totals", 200);

        // The primary of this store is unreachable: whatever answers comes from the replica.
        await using var replicaOnly = new PostgresDatabase(Microsoft.Extensions.Options.Options.Create(new StoreOptions
        {
            Provider = StoreOptions.PostgresProvider,
            ConnectionString = "Host=127.0.0.1;Port=1;Username=crm;Database=nowhere;Timeout=2",
            ReplicaConnectionString = replica,
        }));
        await using (var connection = await replicaOnly.OpenHeavyReadAsync(CancellationToken.None))
        {
            Assert.True(await connection.ExecuteScalarAsync<bool>("SELECT pg_is_in_recovery()"));
        }

        var primary = store.Database;
        var ct = CancellationToken.None;
        var (scanOnReplica, scanOnPrimary) = (new CustomerScanRepository(replicaOnly), new CustomerScanRepository(primary));
        Equivalence.AssertSame(
            await CustomerScanEquivalenceTests.ReadAllAsync(scanOnPrimary.ScanAsync(CustomerSelection.All, AsOf, true, ct)),
            await CustomerScanEquivalenceTests.ReadAllAsync(scanOnReplica.ScanAsync(CustomerSelection.All, AsOf, true, ct)), "scan");
        Assert.Equal(200, await scanOnReplica.CountAsync(CustomerSelection.All, ct));
        Assert.Equal(200, (await scanOnReplica.ReadRfmDistributionAsync(AsOf, ct)).Customers);
        Equivalence.AssertSame(
            await CustomerScanEquivalenceTests.HistoriesAsync(scanOnPrimary, null, AsOf, 3),
            await CustomerScanEquivalenceTests.HistoriesAsync(scanOnReplica, null, AsOf, 3), "histories");

        var (inputsOnReplica, inputsOnPrimary) = (new ModelInputRepository(replicaOnly), new ModelInputRepository(primary));
        var lastDay = UtcDay.Of(AsOf.ToUnixTimeMilliseconds());
        Equivalence.AssertSame(
            await ModelInputEquivalenceTests.PurchaseDaysAsync(inputsOnPrimary, null, lastDay, 2),
            await ModelInputEquivalenceTests.PurchaseDaysAsync(inputsOnReplica, null, lastDay, 2), "purchase days");
        var cohortFacts = new List<CohortFacts>();
        await inputsOnReplica.ReadCohortFactsAsync(null, cohortFacts.Add, ct);
        Assert.Equal(200, cohortFacts.Count);
        Assert.Equal(UtcDay.Of(Day0), await inputsOnReplica.EarliestPurchaseDayAsync(null, lastDay, ct));

        var period = new Period(AsOf.AddYears(-2), AsOf);
        Equivalence.AssertSame(
            await new PortfolioRepository(primary).ReadAsync(period, Grouping.None, new ChurnDefinition(30), ct),
            await new PortfolioRepository(replicaOnly).ReadAsync(period, Grouping.None, new ChurnDefinition(30), ct), "portfolio");
        var window = CohortWindow.Create(period, Granularity.Month, AsOf);
        Equivalence.AssertSame(
            await new CohortRepository(primary).ReadAsync(window, ct),
            await new CohortRepository(replicaOnly).ReadAsync(window, ct), "cohorts");
        var windows = UpliftWindows.Create(AsOf.AddDays(-200), 90, null, null);
        Equivalence.AssertSame(
            await new UpliftRepository(primary).ReadAsync("x", windows, true, GroupSelection.Everyone, null, ct),
            await new UpliftRepository(replicaOnly).ReadAsync("x", windows, true, GroupSelection.Everyone, null, ct), "uplift");

        // The data-quality report reads the primary (it must see the import just made): here it cannot reach it.
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => new DataQualityRepository(replicaOnly).ReadAsync(AsOf, 3, ct));
    }

    [Fact]
    public async Task Heavy_reads_stay_on_the_primary_until_the_replica_has_the_database_and_its_schema()
    {
        ReplicaReads.Allow();
        await using var store = await PgTestStore.CreateAsync();
        // Stand-ins for a replica that has not replayed the database's creation, then the migrations, yet: a database
        // that does not exist, then one of the same cluster before and after its migration.
        await using var behind = await PgTestStore.CreateAsync(migrate: false);
        var missing = PostgresTestCluster.WithDatabase(store.Options.ConnectionString!, "crm_not_created_" + Guid.NewGuid().ToString("N")[..8]);

        await using (var onMissing = DatabaseWithReplica(store, missing))
        {
            Assert.Equal(store.TestDatabase.Name, await CurrentDatabaseAsync(onMissing));
        }

        await using var onBehind = DatabaseWithReplica(store, behind.Options.ConnectionString!);
        Assert.Equal(store.TestDatabase.Name, await CurrentDatabaseAsync(onBehind));
        await behind.Migrator.MigrateAsync(CancellationToken.None);
        Assert.Equal(behind.TestDatabase.Name, await CurrentDatabaseAsync(onBehind));
        Assert.Equal(behind.TestDatabase.Name, await CurrentDatabaseAsync(onBehind));
    }

    private static PostgresDatabase DatabaseWithReplica(PgTestStore store, string replica) =>
        new(Microsoft.Extensions.Options.Options.Create(new StoreOptions
        {
            Provider = StoreOptions.PostgresProvider,
            ConnectionString = store.Options.ConnectionString,
            ReplicaConnectionString = replica,
        }));

    private static async Task<string> CurrentDatabaseAsync(PostgresDatabase database)
    {
        await using var connection = await database.OpenHeavyReadAsync(CancellationToken.None);
        return (await connection.ExecuteScalarAsync<string>("SELECT current_database()"))!;
    }

    [Fact]
    public async Task Parts_of_a_read_share_one_snapshot_on_the_primary_and_on_the_replica()
    {
        // As the server does for the whole-book calls: this test's flow may read the replica.
        ReplicaReads.Allow();
        await using var store = await PgTestStore.CreateAsync(withReplica: true);
        var replica = store.TestDatabase.ReplicaConnectionString;
        Assert.True(replica is not null, "the test cluster has no replica (CRM_TEST_PG_REPLICA)");
        await WriteBaseBookAsync(store, customers: 10);
        await WaitForReplicaAsync(replica, "SELECT count(*) FROM customer_totals", 10);

        await using var primaryOnly = new PostgresDatabase(Microsoft.Extensions.Options.Options.Create(new StoreOptions
        {
            Provider = StoreOptions.PostgresProvider,
            ConnectionString = store.Options.ConnectionString,
        }));
        foreach (var database in new[] { primaryOnly, store.Database })
        {
            await using var snapshot = await ReadSnapshot.OpenPartsAsync(database, 3, CancellationToken.None);
            var before = await store.ScalarAsync<long>("SELECT count(*) FROM customers");
            var inserted = await InsertPairAsync(store, before);
            await WaitForReplicaAsync(replica, "SELECT count(*) FROM customers", before + 2);

            foreach (var (connection, transaction) in snapshot.Connections.Zip(snapshot.Transactions))
            {
                Assert.True(connection.ProcessID != 0);
                Assert.Equal(before, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM customers", transaction: transaction));
            }

            Assert.Equal(database == store.Database, await snapshot.Connections[2].ExecuteScalarAsync<bool>("SELECT pg_is_in_recovery()", transaction: snapshot.Transactions[2]));
            Assert.Equal(before + 2, await store.ScalarAsync<long>("SELECT count(*) FROM customers"));
            Assert.Equal(2, inserted);
        }
    }

    [Fact]
    public async Task A_read_in_parts_sees_one_snapshot_while_rows_are_inserted()
    {
        await using var store = await PgTestStore.CreateAsync();
        await WriteBaseBookAsync(store, customers: 3_000);
        var scans = new CustomerScanRepository(store.Database);
        var inputs = new ModelInputRepository(store.Database);
        var lastDay = UtcDay.Of(AsOf.ToUnixTimeMilliseconds());

        using var stop = new CancellationTokenSource();
        var pairs = 0L;
        var inserter = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await InsertPairAsync(store, pairs++);
            }
        });

        var seen = new List<long>();
        var watch = Stopwatch.StartNew();
        while (seen.Count < 30 && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            // A pair's two customers commit together, one in each half of the keys: one snapshot sees both or neither.
            var histories = await CustomerScanEquivalenceTests.HistoriesAsync(scans, null, AsOf, 2);
            var markers = histories.Select(part => part.Count(h => h.RepeatMinor == MarkerAmount)).ToList();
            Assert.Equal(markers[0], markers[1]);
            seen.Add(markers[0]);

            var days = await ModelInputEquivalenceTests.PurchaseDaysAsync(inputs, null, lastDay, 2);
            Assert.Equal(days[0].Count(d => d.Key > 5_000), days[1].Count(d => d.Key < LastKey));
        }

        await stop.CancelAsync();
        await inserter;
        Assert.True(seen.Distinct().Count() > 3, $"the inserts did not overlap the reads: saw {string.Join(", ", seen)}");
    }

    /// <summary>Customers 1 … n − 1 and the last key, each with two purchase days, and their totals, on the primary.</summary>
    private static async Task WriteBaseBookAsync(PgTestStore store, int customers)
    {
        await store.ExecuteAsync("""
            INSERT INTO customers (key, id, name, email, segment, channel, acquired_at, create_time, update_time)
            SELECT k, 'c-' || k, 'n', 'e', 'smb', 'web', @day0, 0, 0
            FROM (SELECT generate_series(@first, @count - 1) AS k UNION ALL SELECT @last) keys;
            INSERT INTO transactions (id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, product, category)
            SELECT 't-' || c.key || '-' || d, c.key, @day0 + d * 86400000 + c.key, @amount, 'USD', 1, 1, 'p', 'c'
            FROM customers c CROSS JOIN generate_series(0, 1) d;
            SELECT refresh_customer_totals(array_agg(key)) FROM customers;
            """, new { day0 = Day0, first = FirstKey, count = (long)customers, last = LastKey, amount = PurchaseAmount });
    }

    /// <summary>Two customers in one transaction, one in each half of the key range, each with a marked repeat purchase.</summary>
    private static async Task<int> InsertPairAsync(PgTestStore store, long pair)
    {
        await using var connection = await store.Database.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        long[] keys = [10_000 + pair, 900_000 + pair];
        var inserted = await connection.ExecuteAsync("""
            INSERT INTO customers (key, id, name, email, segment, channel, acquired_at, create_time, update_time)
            SELECT k, 'p-' || k, 'n', 'e', 'smb', 'web', @day0, 0, 0 FROM unnest(@keys) k
            """, new { keys, day0 = Day0 }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO transactions (id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, product, category)
            SELECT 'p-' || k || '-' || d, k, @day0 + d * 86400000, CASE d WHEN 0 THEN @amount ELSE @marker END, 'USD', 1, 1, 'p', 'c'
            FROM unnest(@keys) k CROSS JOIN generate_series(0, 1) d;
            SELECT refresh_customer_totals(@keys);
            """, new { keys, day0 = Day0, amount = PurchaseAmount, marker = MarkerAmount }, transaction);
        await transaction.CommitAsync();
        return inserted;
    }

    /// <summary>Waits until the replica answers <paramref name="sql"/> with <paramref name="expected"/> (it replays the primary's writes).</summary>
    private static async Task WaitForReplicaAsync(string replica, string sql, long expected)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(replica);
                await connection.OpenAsync();
                if (await connection.ExecuteScalarAsync<long>(sql) == expected)
                {
                    return;
                }
            }
            catch (PostgresException) when (watch.Elapsed < TimeSpan.FromSeconds(20))
            {
                // The database or table has not reached the replica yet.
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"the replica did not replay '{sql}' = {expected} in 20 s");
            await Task.Delay(50);
        }
    }
}
