using CrmGrpc.Data.Sqlite.Repositories;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmGrpc.Data.Sqlite.Tests.Repositories;

public sealed class CustomerRepositoryTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private TestStore _store = null!;

    private CustomerRepository Customers => _store.Customers;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task CreateAsync_stores_every_field_and_the_bookkeeping_times()
    {
        var customer = Samples.Customer() with { Name = "Zoë Ñandú 日本", ChurnedAt = Samples.T0.AddDays(400).AddMilliseconds(7) };

        var created = await Customers.CreateAsync(customer, None);

        Assert.True(created.SameContentAs(customer));
        Assert.Equal(customer.AcquiredAt, created.AcquiredAt);
        Assert.Equal(customer.ChurnedAt, created.ChurnedAt);
        Assert.Equal(TestStore.Start, created.CreateTime);
        Assert.Equal(TestStore.Start, created.UpdateTime);
        Assert.Equal(TimeSpan.Zero, created.AcquiredAt.Offset);
    }

    [Fact]
    public async Task CreateAsync_an_existing_id_throws_AlreadyExists_even_with_the_same_content()
    {
        await Customers.CreateAsync(Samples.Customer(), None);

        await Assert.ThrowsAsync<AlreadyExistsException>(() => Customers.CreateAsync(Samples.Customer(), None));
        await Assert.ThrowsAsync<AlreadyExistsException>(() => Customers.CreateAsync(Samples.Customer() with { Name = "Other" }, None));

        Assert.Equal("Ada Lovelace", (await Customers.GetAsync("c-1", None))!.Name);
        Assert.Equal(1, await _store.CountAsync("customers"));
        Assert.Empty(await _store.RejectionsAsync());
    }

    [Fact]
    public async Task GetAsync_a_missing_id_is_null()
    {
        await Customers.CreateAsync(Samples.Customer("c-1"), None);

        Assert.Null(await Customers.GetAsync("c-2", None));
        Assert.Null(await Customers.GetAsync("C-1", None));
    }

    [Fact]
    public async Task GetAsync_reads_a_customer_without_attributes_or_churn()
    {
        var bare = new Customer("c-bare", "", "", "", "", Samples.T0, null, new Dictionary<string, string>());
        await Customers.CreateAsync(bare, None);

        var stored = await Customers.GetAsync("c-bare", None);

        Assert.NotNull(stored);
        Assert.True(stored.SameContentAs(bare));
        Assert.Null(stored.ChurnedAt);
        Assert.Empty(stored.Attributes);
    }

    [Fact]
    public async Task UpdateAsync_replaces_the_fields_and_moves_update_time_only()
    {
        await Customers.CreateAsync(Samples.Customer(), None);
        _store.Time.Advance(TimeSpan.FromDays(1));
        var changed = Samples.Customer() with { Email = "ada@new.example", ChurnedAt = Samples.T0.AddDays(30) };

        var updated = await Customers.UpdateAsync(changed, None);

        Assert.True(updated.SameContentAs(changed));
        Assert.Equal(TestStore.Start, updated.CreateTime);
        Assert.Equal(TestStore.Start.AddDays(1), updated.UpdateTime);
        Assert.True((await Customers.GetAsync("c-1", None))!.SameContentAs(changed));
    }

    [Fact]
    public async Task ListAsync_pages_through_every_customer_in_id_order_without_gaps_or_overlaps()
    {
        var ids = Enumerable.Range(1, 25).Select(i => $"c-{i:D2}").Reverse().ToList();
        await Customers.ImportAsync(ids.Select(id => Samples.Customer(id)).ToList(), [], None);

        var pages = new List<IReadOnlyList<Customer>>();
        var after = "";
        while (true)
        {
            var page = await Customers.ListAsync(null, null, after, 10, None);
            if (page.Count == 0)
            {
                break;
            }

            pages.Add(page);
            after = page[^1].Id;
        }

        Assert.Equal([10, 10, 5], pages.Select(p => p.Count));
        Assert.Equal(ids.Order(StringComparer.Ordinal), pages.SelectMany(p => p).Select(c => c.Id));
    }

    [Fact]
    public async Task ListAsync_filters_by_segment_and_channel()
    {
        await Customers.ImportAsync(
        [
            Samples.Customer("c-1", "smb", "web"),
            Samples.Customer("c-2", "enterprise", "web"),
            Samples.Customer("c-3", "smb", "partner"),
            Samples.Customer("c-4", "smb", "web"),
        ], [], None);

        static IEnumerable<string> Ids(IReadOnlyList<Customer> page) => page.Select(c => c.Id);

        Assert.Equal(["c-1", "c-3", "c-4"], Ids(await Customers.ListAsync("smb", null, "", 10, None)));
        Assert.Equal(["c-1", "c-2", "c-4"], Ids(await Customers.ListAsync(null, "web", "", 10, None)));
        Assert.Equal(["c-1", "c-4"], Ids(await Customers.ListAsync("smb", "web", "", 10, None)));
        Assert.Equal(["c-4"], Ids(await Customers.ListAsync("smb", "web", "c-1", 10, None)));
        Assert.Empty(await Customers.ListAsync("none", null, "", 10, None));
    }

    [Fact]
    public async Task ListAsync_pages_through_a_filtered_list()
    {
        var rows = Enumerable.Range(1, 12).Select(i => Samples.Customer($"c-{i:D2}", i % 3 == 0 ? "vip" : "smb")).ToList();
        await Customers.ImportAsync(rows, [], None);

        var first = await Customers.ListAsync("vip", null, "", 3, None);
        var second = await Customers.ListAsync("vip", null, first[^1].Id, 3, None);

        Assert.Equal(["c-03", "c-06", "c-09"], first.Select(c => c.Id));
        Assert.Equal(["c-12"], second.Select(c => c.Id));
    }

    [Fact]
    public async Task ListAsync_returns_full_customers()
    {
        await Customers.CreateAsync(Samples.Customer(), None);

        var listed = Assert.Single(await Customers.ListAsync(null, null, "", 10, None));

        Assert.True(listed.SameContentAs(Samples.Customer()));
        Assert.Equal(TestStore.Start, listed.CreateTime);
    }

    [Fact]
    public async Task Timestamps_round_trip_to_the_millisecond_before_and_after_1970()
    {
        var early = Samples.Customer("c-early") with { AcquiredAt = new DateTimeOffset(1900, 1, 1, 0, 0, 0, 1, TimeSpan.Zero) };
        var late = Samples.Customer("c-late") with { AcquiredAt = new DateTimeOffset(2099, 12, 31, 23, 59, 59, 999, TimeSpan.Zero) };
        var offset = Samples.Customer("c-offset") with { AcquiredAt = new DateTimeOffset(2024, 7, 1, 9, 0, 0, 5, TimeSpan.FromHours(-7)) };
        await Customers.ImportAsync([early, late, offset], [], None);

        Assert.Equal(early.AcquiredAt, (await Customers.GetAsync("c-early", None))!.AcquiredAt);
        Assert.Equal(late.AcquiredAt, (await Customers.GetAsync("c-late", None))!.AcquiredAt);
        var stored = (await Customers.GetAsync("c-offset", None))!.AcquiredAt;
        Assert.Equal(offset.AcquiredAt, stored);
        Assert.Equal(TimeSpan.Zero, stored.Offset);
        Assert.Equal(
            offset.AcquiredAt.ToUnixTimeMilliseconds(),
            await _store.ScalarAsync<long>("SELECT acquired_at FROM customers WHERE id = 'c-offset'"));
    }

    [Fact]
    public async Task Repositories_map_snake_case_columns_without_AddSqliteStore()
    {
        // A process that builds the store by hand (tool, benchmark, test) never runs AddSqliteStore, which is where
        // Dapper's process-wide MatchNamesWithUnderscores is switched on. The data layer must not depend on it.
        var isolated = new IsolatedDataLayer();
        var optionsType = isolated.DataType("CrmGrpc.Data.StoreOptions");
        var migratorType = isolated.DataType("CrmGrpc.Data.Sqlite.Migrator");
        dynamic options = Activator.CreateInstance(optionsType)!;
        options.DatabasePath = Path.Combine(_store.Directory, "isolated.db");
        var wrapped = typeof(Microsoft.Extensions.Options.Options).GetMethod(nameof(Microsoft.Extensions.Options.Options.Create))!
            .MakeGenericMethod(optionsType).Invoke(null, [options]);
        dynamic database = Activator.CreateInstance(isolated.DataType("CrmGrpc.Data.Sqlite.SqliteDatabase"), wrapped)!;
        var logger = typeof(NullLogger<>).MakeGenericType(migratorType).GetField("Instance")!.GetValue(null);
        dynamic migrator = Activator.CreateInstance(migratorType, database, logger)!;
        await migrator.MigrateAsync(None);
        var writer = Activator.CreateInstance(isolated.DataType("CrmGrpc.Data.Sqlite.Import.BatchWriter"), database, _store.Time);
        var erasures = Activator.CreateInstance(isolated.DataType("CrmGrpc.Data.Sqlite.Import.CustomerErasures"));
        dynamic customers = Activator.CreateInstance(isolated.DataType("CrmGrpc.Data.Sqlite.Repositories.CustomerRepository"), database, writer, erasures)!;

        Customer created = await customers.CreateAsync(Samples.Customer(), None);

        Assert.Equal(Samples.T0, created.AcquiredAt);
        Assert.Equal(TestStore.Start, created.CreateTime);
        Assert.True(created.SameContentAs(Samples.Customer()));
    }
}
