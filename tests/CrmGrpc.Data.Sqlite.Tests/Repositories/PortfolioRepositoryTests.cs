using CrmGrpc.Data.Sqlite.Repositories;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Metrics;

namespace CrmGrpc.Data.Sqlite.Tests.Repositories;

/// <summary>
/// The portfolio's transaction sums against sums counted here, for periods that hold every customer's whole
/// history (read from customer_totals), cut through it (recomputed from the transactions), or miss it.
/// </summary>
public sealed class PortfolioRepositoryTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] CustomerIds = ["c-1", "c-2", "c-3", "c-4", "c-5", "c-quiet"];

    private TestStore _store = null!;
    private List<Transaction> _book = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        await _store.Customers.ImportAsync(
            CustomerIds.Select((id, i) => Samples.Customer(id, segment: i % 2 == 0 ? "smb" : "ent", channel: i % 3 == 0 ? "web" : "email")).ToList(),
            [], None);
        var random = new Random(5);
        _book = Enumerable.Range(0, 200).Select(i => new Transaction(
            $"t-{i}",
            CustomerIds[random.Next(3)],
            Start.AddDays(random.Next(90)).AddMinutes(random.Next(24 * 60)),
            random.Next(1, 90_000),
            "USD",
            random.Next(5) == 0 ? TransactionKind.Refund : TransactionKind.Purchase,
            (SaleType)random.Next(1, 5),
            random.Next(3) == 0 ? null : random.Next(0, 30_000),
            "p",
            "c")).ToList();
        // Few-purchase customers, so repeat and purchasing counts depend on the period.
        _book.Add(new Transaction("t-4a", "c-4", Start.AddDays(10), 500, "USD", TransactionKind.Purchase, SaleType.New, null, "p", "c"));
        _book.Add(new Transaction("t-4b", "c-4", Start.AddDays(60), 700, "USD", TransactionKind.Purchase, SaleType.Upsell, 100, "p", "c"));
        _book.Add(new Transaction("t-5a", "c-5", Start.AddDays(30), 900, "USD", TransactionKind.Purchase, SaleType.New, 50, "p", "c"));
        _book.Add(new Transaction("t-4c", "c-4", Start.AddDays(40), 300, "USD", TransactionKind.Purchase, SaleType.CrossSell, 20, "p", "c"));
        _book.Add(new Transaction("t-5b", "c-5", Start.AddDays(70), 900, "USD", TransactionKind.Refund, SaleType.New, null, "p", "c"));
        _book.Add(new Transaction("t-5c", "c-5", Start.AddDays(80), 400, "USD", TransactionKind.Purchase, SaleType.Repeat, null, "p", "c"));
        // Two imports, so the totals are refreshed as well as inserted.
        await _store.Transactions.ImportAsync(_book[..120], [], None);
        await _store.Transactions.ImportAsync(_book[120..], [], None);
        Assert.Equal(_book.Count, await _store.CountAsync("transactions"));
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public static TheoryData<int, int> Periods => new()
    {
        { 0, 90 },    // every customer's whole history: stored totals
        { -10, 200 }, // the same, with room around it
        { 20, 50 },   // cuts through every history: recomputed
        { 0, 45 },    // a prefix
        { 45, 90 },   // a suffix
        { 100, 120 }, // after everything
    };

    [Theory]
    [MemberData(nameof(Periods))]
    public async Task Transaction_sums_per_group_and_channel_equal_the_transactions_in_the_period(int fromDay, int toDay)
    {
        var period = new Period(Start.AddDays(fromDay), Start.AddDays(toDay));
        var repository = new PortfolioRepository(_store.Database);

        var aggregates = await repository.ReadAsync(period, Grouping.Create(GroupDimension.Segment, ""), ChurnDefinition.RecordedOnly, None);

        var inPeriod = _book.Where(t => t.OccurredAt >= period.Start && t.OccurredAt < period.End).ToList();
        var expected = inPeriod
            .GroupBy(t => (Segment: Index(t) % 2 == 0 ? "smb" : "ent", Channel: Index(t) % 3 == 0 ? "web" : "email"))
            .ToDictionary(g => g.Key, g =>
            {
                var purchases = g.Where(t => t.Kind == TransactionKind.Purchase).ToList();
                var perCustomer = purchases.GroupBy(t => t.CustomerId).Select(c => c.Count()).ToList();
                return (
                    Purchases: (long)purchases.Count,
                    Revenue: (double)purchases.Sum(t => t.AmountMinor),
                    Net: (double)g.Sum(t => t.RevenueMinor),
                    Cost: (double)g.Sum(t => t.CostMinor ?? 0),
                    CostRows: (long)g.Count(t => t.CostMinor is not null),
                    Purchasing: (long)perCustomer.Count,
                    Repeat: (long)perCustomer.Count(n => n >= 2),
                    Upsells: (long)purchases.Count(t => t.SaleType is SaleType.Upsell or SaleType.CrossSell));
            });
        var actual = aggregates.Customers
            .SelectMany(group => group.Value.Select(channel => (Key: (group.Key, channel.Key), Cell: channel.Value)))
            .Where(x => x.Cell.Purchases > 0 || x.Cell.NetRevenueMinor != 0 || x.Cell.CostRows > 0)
            .ToDictionary(x => x.Key, x => (
                x.Cell.Purchases, x.Cell.PurchaseRevenueMinor, x.Cell.NetRevenueMinor, x.Cell.CostMinor, x.Cell.CostRows,
                x.Cell.PurchasingCustomers, x.Cell.RepeatCustomers, x.Cell.UpsellCrossSellTransactions));

        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(a => a.Key));
    }

    private static int Index(Transaction transaction) => Array.IndexOf(CustomerIds, transaction.CustomerId);
}
