using CrmGrpc.Data.Postgres.Import;
using CrmGrpc.Data.Postgres.Repositories;
using CrmGrpc.Data.Postgres.Tests.TestSupport;
using CrmGrpc.Domain.Entities;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Data.Postgres.Tests.Writes;

/// <summary>One ingest_rejections row.</summary>
public sealed class RejectionRecord
{
    public string Entity { get; set; } = "";
    public string RowId { get; set; } = "";
    public int Code { get; set; }
    public string Field { get; set; } = "";
    public string Reason { get; set; } = "";
    public long RejectedAt { get; set; }
}

/// <summary>A clock that stands still until the test moves it.</summary>
public sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>A fresh migrated PostgreSQL database with the write side's repositories over it and a fixed clock.</summary>
public sealed class WriteStore : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, 250, TimeSpan.Zero);

    private WriteStore(PgTestStore store)
    {
        Store = store;
        Customers = new CustomerRepository(store.Database, Time);
        Transactions = new TransactionRepository(store.Database, Time, Options.Create(BulkLoad));
        Engagement = new EngagementRepository(store.Database, Time);
        Models = new ModelRepository(store.Database);
        Writer = new BatchWriter(store.Database, Time);
    }

    public PgTestStore Store { get; }

    public PostgresDatabase Database => Store.Database;

    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The bulk loads' settings; a test may shrink the unit before it opens a load.</summary>
    public PostgresBulkLoadOptions BulkLoad { get; } = new();

    public CustomerRepository Customers { get; }

    public TransactionRepository Transactions { get; }

    public EngagementRepository Engagement { get; }

    public ModelRepository Models { get; }

    public BatchWriter Writer { get; }

    public static async Task<WriteStore> CreateAsync() => new(await PgTestStore.CreateAsync());

    /// <summary>A store with customers c-1 … c-<paramref name="customers"/>.</summary>
    public static async Task<WriteStore> WithCustomersAsync(int customers, int unitRows = 1_000)
    {
        var store = await CreateAsync();
        store.BulkLoad.UnitRows = unitRows;
        await store.Customers.ImportAsync([.. Enumerable.Range(1, customers).Select(c => Samples.Customer($"c-{c}"))], [], CancellationToken.None);
        return store;
    }

    public Task<long> CountAsync(string table) => Store.CountAsync(table);

    public Task<T> ScalarAsync<T>(string sql, object? parameters = null) => Store.ScalarAsync<T>(sql, parameters);

    public Task<List<T>> QueryAsync<T>(string sql, object? parameters = null) => Store.QueryAsync<T>(sql, parameters);

    public Task ExecuteAsync(string sql, object? parameters = null) => Store.ExecuteAsync(sql, parameters);

    public Task<List<RejectionRecord>> RejectionsAsync() =>
        QueryAsync<RejectionRecord>("SELECT entity, row_id, code, field, reason, rejected_at FROM ingest_rejections ORDER BY seq");

    public Task<long> KeyOfAsync(string id) => ScalarAsync<long>("SELECT key FROM customers WHERE id = @id", new { id });

    public ValueTask DisposeAsync() => Store.DisposeAsync();
}

/// <summary>Valid rows with millisecond timestamps (what the store keeps), as the SQLite store's tests use them.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset T0 = new(2024, 3, 5, 10, 20, 30, 123, TimeSpan.Zero);

    public static Customer Customer(string id = "c-1", string segment = "smb", string channel = "web") =>
        new(id, "Ada Lovelace", id + "@example.com", segment, channel, T0, null,
            new Dictionary<string, string> { ["country"] = "UK", ["age_band"] = "30-39" });

    public static Transaction Transaction(string id = "t-1", string customerId = "c-1", DateTimeOffset? at = null, long amount = 12_345) =>
        new(id, customerId, at ?? T0.AddDays(1), amount, "USD", TransactionKind.Purchase, SaleType.New, 5_000, "widget", "hardware");

    public static MarketingSpend Spend(string id = "s-1") =>
        new(id, "web", T0, T0.AddDays(30), 100_000, "USD");

    public static SurveyResponse Survey(string id = "r-1", string customerId = "c-1") =>
        new(id, customerId, SurveyKind.Nps, 9, T0.AddDays(2));

    public static SupportInteraction Support(string id = "i-1", string customerId = "c-1") =>
        new(id, customerId, T0.AddDays(3), T0.AddDays(3).AddMinutes(5), null, 612.5);

    public static ActivityEvent Activity(string id = "a-1", string customerId = "c-1") =>
        new(id, customerId, T0.AddDays(4), "login", 3);

    public static CrmChange Change(string id = "ch-1", DateTimeOffset? effectiveAt = null) =>
        new(id, "loyalty programme", effectiveAt ?? T0.AddDays(10), "points on every purchase", "smb", ["c-1", "c-2"]);
}
