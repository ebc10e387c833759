using CrmGrpc.Data.Sqlite.Repositories;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain.Customers;
using CrmGrpc.Domain.Entities;

namespace CrmGrpc.Data.Sqlite.Tests.Repositories;

/// <summary>
/// A scan reads the book in key chunks, each in its own snapshot: every customer comes once, in key order, across
/// chunk edges; and a scan paused by a slow consumer does not pin the WAL while imports go on.
/// </summary>
public sealed class CustomerScanChunkTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const int Customers = CustomerScanRepository.ScanChunkKeys * 2 + 100;

    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        // 4 KiB pages, SQLite's default: the WAL sizes asserted below count in them (auto-checkpoint at 1,000 pages).
        _store = await TestStore.CreateAsync(configure: o => o.PageSize = 4_096);
        await _store.Customers.ImportAsync(Enumerable.Range(0, Customers).Select(i => Samples.Customer($"c-{i:D6}")).ToList(), [], None);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Every_customer_comes_once_in_key_order_across_chunks()
    {
        await _store.Transactions.ImportAsync(
            [Samples.Transaction("t-edge", $"c-{CustomerScanRepository.ScanChunkKeys:D6}"), Samples.Transaction("t-last", $"c-{Customers - 1:D6}")], [], None);
        var scans = new CustomerScanRepository(_store.Database);

        var keys = new List<long>();
        var purchasing = new List<string>();
        await foreach (var facts in scans.ScanAsync(new CustomerSelection(), Samples.T0.AddDays(10), None))
        {
            keys.Add(facts.Key);
            if (facts.PurchaseTransactions > 0)
            {
                purchasing.Add(facts.Id);
            }
        }

        Assert.Equal(Customers, keys.Count);
        Assert.Equal(keys.Order(), keys);
        Assert.Equal(Customers, keys.Distinct().Count());
        Assert.Equal([$"c-{CustomerScanRepository.ScanChunkKeys:D6}", $"c-{Customers - 1:D6}"], purchasing);
    }

    [Fact]
    public async Task A_paused_scan_does_not_pin_the_wal_while_imports_go_on()
    {
        var scans = new CustomerScanRepository(_store.Database);
        await using var scan = scans.ScanAsync(new CustomerSelection(), Samples.T0.AddDays(400), None).GetAsyncEnumerator();
        Assert.True(await scan.MoveNextAsync());

        // The consumer stalls after its first customer while 60 messages of 1,000 purchases commit, customers at random.
        var random = new Random(7);
        long largestWal = 0;
        for (var batch = 0; batch < 60; batch++)
        {
            var rows = Enumerable.Range(0, 1_000)
                .Select(i => Samples.Transaction($"t-{batch}-{i}", $"c-{random.Next(Customers):D6}", Samples.T0.AddDays(1 + random.Next(300)), 100 + i))
                .ToList();
            await _store.Transactions.ImportAsync(rows, [], None);
            largestWal = Math.Max(largestWal, WalLength());
        }

        var seen = 1;
        while (await scan.MoveNextAsync())
        {
            seen++;
        }

        Assert.Equal(Customers, seen);
        // A pinned WAL keeps every page written since the scan began (over 100 MB here); recycled, it stays near
        // SQLite's auto-checkpoint size (1,000 pages).
        Assert.True(largestWal < 24L * 1024 * 1024, $"the WAL reached {largestWal:N0} bytes");
    }

    private long WalLength() => File.Exists(_store.Path + "-wal") ? new FileInfo(_store.Path + "-wal").Length : 0;
}
