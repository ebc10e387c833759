using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Metrics;

/// <summary>
/// A small book whose metrics for 2023 are worked out by hand in <see cref="PortfolioMetricsTests"/>.
/// Customers (segment, channel, acquired → churned):
///   A smb web 2022-06-01; B smb web 2022-09-01 → 2023-06-01; C ent ads 2023-03-01;
///   D ent ads 2023-05-01 → 2023-11-01; E smb web 2024-02-01 (after the period); F smb web 2021-01-01.
/// </summary>
public static class GoldenBook
{
    public static readonly Period Year2023 = new() { Start = At("2023-01-01"), End = At("2024-01-01") };

    public static Timestamp At(string iso) => Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(iso + (iso.Length == 10 ? "T00:00:00Z" : "Z"), System.Globalization.CultureInfo.InvariantCulture));

    public static async Task LoadAsync(Infrastructure.InProcessServer server)
    {
        Customer C(string id, string segment, string channel, string acquired, string? churned = null)
        {
            var c = new Customer { Id = id, Name = id, Segment = segment, Channel = channel, AcquiredAt = At(acquired) };
            c.Attributes.Add("tier", segment == "smb" ? "small" : "large");
            if (churned is not null)
            {
                c.ChurnedAt = At(churned);
            }

            return c;
        }

        await ImportAsync(server.Customers.ImportCustomers(), [new ImportCustomersRequest
        {
            Customers =
            {
                C("A", "smb", "web", "2022-06-01"), C("B", "smb", "web", "2022-09-01", "2023-06-01"),
                C("C", "ent", "ads", "2023-03-01"), C("D", "ent", "ads", "2023-05-01", "2023-11-01"),
                C("E", "smb", "web", "2024-02-01"), C("F", "smb", "web", "2021-01-01"),
            },
        }]);

        Transaction T(string id, string customer, string at, long cents, TransactionKind kind = TransactionKind.Purchase, SaleType sale = SaleType.Repeat, long? cost = null)
        {
            var t = new Transaction { Id = id, CustomerId = customer, OccurredAt = At(at), AmountMinor = cents, Currency = "USD", Kind = kind, SaleType = sale };
            if (cost is { } c)
            {
                t.CostMinor = c;
            }

            return t;
        }

        await ImportAsync(server.Transactions.ImportTransactions(), [new ImportTransactionsRequest
        {
            Transactions =
            {
                T("a1", "A", "2023-02-01", 100_00, cost: 30_00), T("a2", "A", "2023-03-01", 50_00, sale: SaleType.Upsell),
                T("a3", "A", "2023-03-05", 20_00, TransactionKind.Refund),
                T("b1", "B", "2023-04-01", 40_00),
                T("c1", "C", "2023-03-10", 60_00, sale: SaleType.CrossSell), T("c2", "C", "2023-08-01", 60_00), T("c3", "C", "2023-09-01", 60_00),
                T("f0", "F", "2022-12-31", 10_00), T("f1", "F", "2024-01-01", 30_00),
            },
        }]);

        await ImportAsync(server.Engagement.ImportMarketingSpend(), [new ImportMarketingSpendRequest
        {
            Spends =
            {
                new MarketingSpend { Id = "web-fy", Channel = "web", PeriodStart = At("2022-07-01"), PeriodEnd = At("2023-07-01"), AmountMinor = 300_00, Currency = "USD" },
                new MarketingSpend { Id = "ads-2023", Channel = "ads", PeriodStart = At("2023-01-01"), PeriodEnd = At("2024-01-01"), AmountMinor = 500_00, Currency = "USD" },
            },
        }]);

        SurveyResponse S(string id, string customer, SurveyKind kind, int score) =>
            new() { Id = id, CustomerId = customer, Kind = kind, Score = score, RespondedAt = At("2023-06-15") };
        await ImportAsync(server.Engagement.ImportSurveyResponses(), [new ImportSurveyResponsesRequest
        {
            Responses =
            {
                S("n1", "A", SurveyKind.Nps, 10), S("n2", "B", SurveyKind.Nps, 9), S("n3", "C", SurveyKind.Nps, 6),
                S("n4", "D", SurveyKind.Nps, 3), S("n5", "F", SurveyKind.Nps, 8),
                S("s1", "A", SurveyKind.Csat, 5), S("s2", "C", SurveyKind.Csat, 3),
                S("e1", "A", SurveyKind.Ces, 2), S("e2", "F", SurveyKind.Ces, 5),
            },
        }]);

        await ImportAsync(server.Engagement.ImportSupportInteractions(), [new ImportSupportInteractionsRequest
        {
            Interactions =
            {
                new SupportInteraction { Id = "i1", CustomerId = "A", OpenedAt = At("2023-02-01T10:00:00"), FirstResponseAt = At("2023-02-01T10:30:00"), HandleSeconds = 600 },
                new SupportInteraction { Id = "i2", CustomerId = "C", OpenedAt = At("2023-04-01T00:00:00"), FirstResponseAt = At("2023-04-01T02:00:00"), HandleSeconds = 1200 },
                new SupportInteraction { Id = "i3", CustomerId = "F", OpenedAt = At("2023-05-01"), HandleSeconds = 0 },
            },
        }]);
    }
}

/// <summary>A server with <see cref="GoldenBook"/> loaded, shared by a test class.</summary>
public sealed class GoldenBookFixture : IAsyncLifetime, IDisposable
{
    private readonly Infrastructure.TempDirectory _directory = new();

    public Infrastructure.InProcessServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await Infrastructure.InProcessServer.StartAsync(_directory.File("crm.db"));
        await GoldenBook.LoadAsync(Server);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose() => _directory.Dispose();
}
