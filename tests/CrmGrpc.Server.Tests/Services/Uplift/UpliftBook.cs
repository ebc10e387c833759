using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Uplift;

/// <summary>
/// A book for MeasureUplift whose numbers are worked out by hand in <see cref="MeasureUpliftTests"/>.
/// Change "loyalty" takes effect 2024-03-01 for segment "vip"; with 30-day windows the baseline is
/// [01-31, 03-01), split at 02-15, and the post window [03-01, 03-31). Amounts in dollars (the book is USD):
/// <code>
///       segment channel  before           early half   late half             post                               after
///   V1  vip     web                       02-01 100    02-20 50              03-05 120, 03-20 90, 03-25 refund 10
///   V2  vip     web                       02-10 40                           03-01T00:00 60 (the change's instant)
///   V3  vip     ads      2023-12-01 80                 02-29T23:59:59.999 30                                      03-31 500 (post end: out)
///   V4  vip     web      acquired 03-10, after the change                    03-12 70
///   S1  std     web      2022-06-01 5     02-05 80                           03-10 80
///   S2  std     ads                                    02-25 20              03-15 30, 03-16 30
/// </code>
/// Change "promo" (2023-03-01, segment "big-t") has 40 treated and 40 control ("big-c") customers, large enough for intervals.
/// </summary>
public static class UpliftBook
{
    public static Timestamp At(string iso) =>
        Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(iso.Length == 10 ? iso + "T00:00:00Z" : iso + "Z", System.Globalization.CultureInfo.InvariantCulture));

    public static async Task LoadAsync(InProcessServer server)
    {
        static Customer C(string id, string segment, string channel, string acquired = "2022-01-01") =>
            new() { Id = id, Name = id, Segment = segment, Channel = channel, AcquiredAt = At(acquired) };

        var customers = new ImportCustomersRequest
        {
            Customers =
            {
                C("V1", "vip", "web"), C("V2", "vip", "web"), C("V3", "vip", "ads"), C("V4", "vip", "web", "2024-03-10"),
                C("S1", "std", "web"), C("S2", "std", "ads"),
            },
        };
        for (var i = 0; i < 40; i++)
        {
            customers.Customers.Add(C($"BT{i:D2}", "big-t", "web"));
            customers.Customers.Add(C($"BC{i:D2}", "big-c", "web"));
        }

        await ImportAsync(server.Customers.ImportCustomers(), [customers]);

        static Transaction T(string id, string customer, string at, long dollars, TransactionKind kind = TransactionKind.Purchase) =>
            new() { Id = id, CustomerId = customer, OccurredAt = At(at), AmountMinor = dollars * 100, Currency = "USD", Kind = kind, SaleType = kind == TransactionKind.Purchase ? SaleType.Repeat : SaleType.Unspecified };

        var transactions = new ImportTransactionsRequest
        {
            Transactions =
            {
                T("v1-e", "V1", "2024-02-01", 100), T("v1-l", "V1", "2024-02-20", 50),
                T("v1-p1", "V1", "2024-03-05", 120), T("v1-p2", "V1", "2024-03-20", 90), T("v1-r", "V1", "2024-03-25", 10, TransactionKind.Refund),
                T("v2-e", "V2", "2024-02-10", 40), T("v2-p", "V2", "2024-03-01", 60),
                T("v3-old", "V3", "2023-12-01", 80), T("v3-l", "V3", "2024-02-29T23:59:59.999", 30), T("v3-after", "V3", "2024-03-31", 500),
                T("v4-p", "V4", "2024-03-12", 70),
                T("s1-old", "S1", "2022-06-01", 5), T("s1-e", "S1", "2024-02-05", 80), T("s1-p", "S1", "2024-03-10", 80),
                T("s2-l", "S2", "2024-02-25", 20), T("s2-p1", "S2", "2024-03-15", 30), T("s2-p2", "S2", "2024-03-16", 30),
            },
        };

        // promo, 2023-03-01: BTi buys 1 + i % 3 times before and 2 + i % 3 times after; BCi 1 + i % 3 times both sides.
        string[] before = ["2023-02-05", "2023-02-20", "2023-02-10"];
        for (var i = 0; i < 40; i++)
        {
            for (var k = 0; k < 1 + (i % 3); k++)
            {
                transactions.Transactions.Add(T($"bt{i}-b{k}", $"BT{i:D2}", before[k], 20 + i));
                transactions.Transactions.Add(T($"bc{i}-b{k}", $"BC{i:D2}", before[k], 20 + i));
                transactions.Transactions.Add(T($"bc{i}-p{k}", $"BC{i:D2}", $"2023-03-{10 + k:D2}", 20 + i));
            }

            for (var k = 0; k < 2 + (i % 3); k++)
            {
                transactions.Transactions.Add(T($"bt{i}-p{k}", $"BT{i:D2}", $"2023-03-{10 + k:D2}", 20 + i));
            }
        }

        var summary = await ImportAsync(server.Transactions.ImportTransactions(), [transactions]);
        Assert.Equal(0, summary.Rejected);

        await server.Engagement.RecordCrmChangeAsync(new RecordCrmChangeRequest
        {
            Change = new CrmChange { Id = "loyalty", Name = "Loyalty programme", EffectiveAt = At("2024-03-01"), TreatedSegment = "vip" },
        });
        await server.Engagement.RecordCrmChangeAsync(new RecordCrmChangeRequest
        {
            Change = new CrmChange { Id = "promo", Name = "Spring promotion", EffectiveAt = At("2023-03-01"), TreatedSegment = "big-t" },
        });
    }
}

/// <summary>A server with <see cref="UpliftBook"/> loaded, shared by a test class.</summary>
public sealed class UpliftBookFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();

    public InProcessServer Server { get; private set; } = null!;

    public UpliftService.UpliftServiceClient Uplift => new(Server.Channel);

    public async Task InitializeAsync()
    {
        Server = await InProcessServer.StartAsync(_directory.File("crm.db"));
        await UpliftBook.LoadAsync(Server);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose() => _directory.Dispose();
}
