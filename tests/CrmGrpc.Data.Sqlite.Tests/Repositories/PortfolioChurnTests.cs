using CrmGrpc.Data.Sqlite.Repositories;
using CrmGrpc.Data.Sqlite.Tests.TestSupport;
using CrmGrpc.Domain;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Metrics;

namespace CrmGrpc.Data.Sqlite.Tests.Repositories;

/// <summary>
/// The portfolio's churn-based counts (at start, at end, acquired, lost, churned by the end and their lifespans)
/// computed in SQL against the domain's definition applied here customer by customer, with recorded churn only and
/// with inactivity windows, for periods whose end lies after every transaction (the stored last purchase), cuts
/// through the histories (a seek for the last purchase before the end) or precedes them, in every grouping.
/// </summary>
public sealed class PortfolioChurnTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Origin = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private TestStore _store = null!;
    private List<Customer> _customers = null!;
    private List<Transaction> _book = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        var random = new Random(14);
        // 60 customers acquired over two years; one in five records a churn date (some before, some after its
        // purchases); a few have no transactions, some only refunds at the end, some purchase before their acquisition.
        _customers = Enumerable.Range(0, 60).Select(i =>
        {
            var acquired = Origin.AddDays(random.Next(730)).AddMinutes(random.Next(24 * 60));
            DateTimeOffset? churned = random.Next(5) == 0 ? acquired.AddDays(random.Next(1, 400)) : null;
            return new Customer($"c-{i:D2}", "n", $"c{i}@example.com", i % 3 == 0 ? "smb" : "ent", i % 2 == 0 ? "web" : "email", acquired, churned,
                new Dictionary<string, string> { ["region"] = i % 4 == 0 ? "north" : "south" });
        }).ToList();
        _book = [];
        foreach (var (customer, i) in _customers.Select((c, i) => (c, i)))
        {
            var count = i % 10 == 9 ? 0 : random.Next(1, 12);
            var at = customer.AcquiredAt.AddDays(i % 7 == 0 ? -3 : 0);
            for (var n = 0; n < count; n++)
            {
                var kind = n > 0 && random.Next(5) == 0 ? TransactionKind.Refund : TransactionKind.Purchase;
                _book.Add(new Transaction($"t-{i}-{n}", customer.Id, at, random.Next(100, 10_000), "USD", kind, SaleType.Repeat, null, "p", "c"));
                // Gaps from hours to a year and a half: some customers lapse for good, some come back.
                at = at.AddMinutes(random.Next(60, 60 * 24 * (random.Next(4) == 0 ? 540 : 90)));
            }
        }

        await _store.Customers.ImportAsync(_customers, [], None);
        await _store.Transactions.ImportAsync(_book, [], None);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public static TheoryData<int, int, int> Cases()
    {
        var data = new TheoryData<int, int, int>();
        foreach (var window in new[] { 0, 1, 30, 180, 400 })
        {
            foreach (var (from, to) in new[] { (0, 3650), (365, 730), (500, 900), (700, 1100), (-400, 10), (1000, 1400) })
            {
                data.Add(window, from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Churn_counts_equal_the_definition_applied_customer_by_customer(int inactivityDays, int fromDay, int toDay)
    {
        var period = new Period(Origin.AddDays(fromDay), Origin.AddDays(toDay));
        var definition = new ChurnDefinition(inactivityDays);
        var repository = new PortfolioRepository(_store.Database);

        foreach (var grouping in new[] { Grouping.None, Grouping.Create(GroupDimension.Segment, ""), Grouping.Create(GroupDimension.Attribute, "region") })
        {
            var aggregates = await repository.ReadAsync(period, grouping, definition, None);

            var expected = new Dictionary<(string, string), CustomerCell>();
            foreach (var customer in _customers)
            {
                var key = (GroupOf(customer, grouping), customer.Channel);
                if (!expected.TryGetValue(key, out var cell))
                {
                    expected[key] = cell = new CustomerCell();
                }

                var status = definition.StatusAsOf(period.End, customer, _book.Where(t => t.CustomerId == customer.Id));
                ChurnDefinition.AddCustomer(cell, period, customer.AcquiredAt, status);
            }

            var actual = aggregates.Customers.SelectMany(g => g.Value.Select(c => (Key: (g.Key, c.Key), Cell: c.Value)))
                .ToDictionary(x => x.Key, x => Counts(x.Cell));
            Assert.Equal(expected.ToDictionary(e => e.Key, e => Counts(e.Value)).OrderBy(e => e.Key), actual.OrderBy(a => a.Key));
        }
    }

    [Fact]
    public async Task The_book_exercises_every_kind_of_customer()
    {
        // Guards the theory above against a book too tame to test it: with a 30-day window as of the middle of
        // the book, some customers churned by recorded date, some by inference, some are active, and some have
        // transactions after that instant (the seek path).
        var asOf = Origin.AddDays(730);
        var statuses = _customers.Select(c => new ChurnDefinition(30).StatusAsOf(asOf, c, _book.Where(t => t.CustomerId == c.Id))).ToList();

        Assert.Contains(statuses, s => s.Churned && !s.Inferred);
        Assert.Contains(statuses, s => s.Inferred);
        Assert.Contains(statuses, s => !s.Churned);
        Assert.Contains(_customers, c => _book.Any(t => t.CustomerId == c.Id && t.OccurredAt >= asOf) && _book.Any(t => t.CustomerId == c.Id && t.OccurredAt < asOf));
        Assert.Contains(_book, t => t.Kind == TransactionKind.Refund);
    }

    private static (long, long, long, long, long, double) Counts(CustomerCell cell) =>
        (cell.CustomersAtStart, cell.CustomersAtEnd, cell.CustomersAcquired, cell.CustomersLost, cell.ChurnedByEnd, Math.Round(cell.LifespanDaysSum, 6));

    private static string GroupOf(Customer customer, Grouping grouping) => grouping.Dimension switch
    {
        GroupDimension.Segment => customer.Segment,
        GroupDimension.Attribute => customer.Attributes[grouping.AttributeKey!],
        _ => "",
    };
}
