using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Metrics;

/// <summary>
/// A book with one flaw of every kind, as of 2024-06-01. Through the API (customers acquired 2024-01-01 unless
/// said): A buys a1 10, a2 12, a3 11, a4 10 and x 10; B buys 10 and refunds 15; C (acquired 2024-03-01) buys 10 on 02-15,
/// before its acquisition, and 10 on 07-01, after as_of; D never buys; E buys 10, 10, 10 and 5,000. One import
/// batch also holds rows the API rejects: an amount of 0, a EUR amount, an unknown customer, "x" again with
/// other content in the same batch, and A's first purchase again (an exact duplicate, not a rejection). Written around the API,
/// as an older version could have: Z (acquired 2024-03-01, churned 2024-02-01) and A's refund of 1 in 2100.
/// </summary>
public static class DataQualityBook
{
    public static readonly Timestamp AsOf = GoldenBook.At("2024-06-01");

    public static async Task LoadAsync(InProcessServer server, string databasePath)
    {
        Customer C(string id, string acquired = "2024-01-01") =>
            new() { Id = id, Name = id, Email = id + "@example.com", Segment = "smb", Channel = "web", AcquiredAt = GoldenBook.At(acquired) };
        await ImportAsync(server.Customers.ImportCustomers(), [new ImportCustomersRequest
        {
            Customers = { C("A"), C("B"), C("C", "2024-03-01"), C("D"), C("E") },
        }]);

        Transaction T(string id, string customer, string at, long cents, TransactionKind kind = TransactionKind.Purchase, string currency = "USD") =>
            new() { Id = id, CustomerId = customer, OccurredAt = GoldenBook.At(at), AmountMinor = cents, Currency = currency, Kind = kind, SaleType = SaleType.Repeat };
        await ImportAsync(server.Transactions.ImportTransactions(), [new ImportTransactionsRequest
        {
            Transactions =
            {
                T("a1", "A", "2024-02-01", 10_00), T("a2", "A", "2024-03-01", 12_00), T("a3", "A", "2024-04-01", 11_00), T("a4", "A", "2024-04-02", 10_00),
                T("b1", "B", "2024-02-01", 10_00), T("b2", "B", "2024-02-10", 15_00, TransactionKind.Refund),
                T("c1", "C", "2024-02-15", 10_00), T("c2", "C", "2024-07-01", 10_00),
                T("e1", "E", "2024-02-01", 10_00), T("e2", "E", "2024-03-01", 10_00), T("e3", "E", "2024-04-01", 10_00), T("e4", "E", "2024-05-01", 5_000_00),
            },
        }]);
        var rejected = await ImportAsync(server.Transactions.ImportTransactions(), [new ImportTransactionsRequest
        {
            Transactions =
            {
                T("a1", "A", "2024-02-01", 10_00),
                T("zero", "A", "2024-02-01", 0), T("euro", "A", "2024-02-01", 10_00, currency: "EUR"), T("ghost-1", "nobody", "2024-02-01", 10_00),
                T("x", "A", "2024-02-01", 10_00), T("x", "A", "2024-02-01", 20_00),
            },
        }]);
        Assert.Equal((1L, 1L, 4L), (rejected.Accepted, rejected.Duplicates, rejected.Rejected));

        // Rows the server would refuse, written behind its back: the report must find them.
        await using var connection = await StoreUnderTest.OpenAsync(databasePath, writable: true);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO customers (id, name, email, segment, channel, acquired_at, churned_at, attributes, create_time, update_time)
            VALUES ('Z', 'Z', 'z@example.com', 'smb', 'web', @acquired, @churned, '{}', 0, 0);
            INSERT INTO transactions (id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, cost_minor, product, category)
            SELECT 'a-2100', key, @future, 100, 'USD', 2, 0, NULL, '', '' FROM customers WHERE id = 'A';
            """;
        AddParameter(command, "acquired", DateTimeOffset.Parse("2024-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
        AddParameter(command, "churned", DateTimeOffset.Parse("2024-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
        AddParameter(command, "future", DateTimeOffset.Parse("2100-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync();
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, long value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>A server with <see cref="DataQualityBook"/> loaded, shared by a test class.</summary>
public sealed class DataQualityBookFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();

    public InProcessServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var path = _directory.File("crm.db");
        Server = await InProcessServer.StartAsync(path);
        await DataQualityBook.LoadAsync(Server, path);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose() => _directory.Dispose();
}

/// <summary>GetDataQualityReport end to end on <see cref="DataQualityBook"/>: every check, samples and errors.</summary>
public sealed class DataQualityReportTests(DataQualityBookFixture fixture) : IClassFixture<DataQualityBookFixture>
{
    private readonly InProcessServer _server = fixture.Server;

    private Task<GetDataQualityReportResponse> GetAsync(int sampleSize = 0, Timestamp? asOf = null) =>
        _server.Metrics.GetDataQualityReportAsync(new GetDataQualityReportRequest { SampleSize = sampleSize, AsOf = asOf ?? DataQualityBook.AsOf }).ResponseAsync;

    [Fact]
    public async Task Every_check_is_a_finding_with_its_count_and_ids_in_order()
    {
        var report = await GetAsync();

        Assert.Equal(
            [
                (DataQualityCheck.RejectedAtIngest, RejectionCode.UnknownCustomer, 1L, "ghost-1"),
                (DataQualityCheck.RejectedAtIngest, RejectionCode.BadAmount, 1L, "zero"),
                (DataQualityCheck.RejectedAtIngest, RejectionCode.BadCurrency, 1L, "euro"),
                (DataQualityCheck.RejectedAtIngest, RejectionCode.DuplicateInBatch, 1L, "x"),
                (DataQualityCheck.RefundsExceedPurchases, RejectionCode.Unspecified, 1L, "B"),             // 15 refunded of 10
                (DataQualityCheck.FutureTransaction, RejectionCode.Unspecified, 2L, "a-2100,c2"),
                (DataQualityCheck.TransactionBeforeAcquisition, RejectionCode.Unspecified, 1L, "c1"),
                (DataQualityCheck.ChurnBeforeAcquisition, RejectionCode.Unspecified, 1L, "Z"),
                (DataQualityCheck.CustomerWithoutTransactions, RejectionCode.Unspecified, 2L, "D,Z"),
                (DataQualityCheck.OutlierAmount, RejectionCode.Unspecified, 1L, "e4"),
            ],
            report.Findings.Select(f => (f.Check, f.RejectionCode, f.Count, string.Join(',', f.SampleIds))));
        Assert.All(report.Findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Description)));
        Assert.Contains("not rejections", report.Findings[3].Description, StringComparison.Ordinal);
        Assert.Contains("1 transaction", report.Findings[0].Description, StringComparison.Ordinal);
    }

    /// <summary>
    /// Purchases (cents): 1000 × 9 (a1 a4 x b1 c1 c2 e1 e2 e3), 1100 (a3), 1200 (a2), 500000 (e4); n = 12.
    /// Q1 at rank 11 × .25 = 2.75 is 1000; Q3 at rank 8.25 is 1000 + .25 × (1100 − 1000) = 1025; the fence is
    /// 1025 + 3 × 25 = 1100. a3 is at it, not above. a2 is above, but A's 5 purchases have median 1000 and
    /// 1200 ≤ 10 × 1000: habitual. e4 is above, and E's 4 purchases have median (1000 + 1000) / 2: 500000 > 10000.
    /// </summary>
    [Fact]
    public async Task The_outlier_finding_states_its_definition_and_the_books_fence()
    {
        var outlier = (await GetAsync()).Findings.Single(f => f.Check == DataQualityCheck.OutlierAmount);

        Assert.Equal(
            "Purchases above the book's far-out fence Q3 + 3 × IQR = 11 USD (Q1 10, Q3 10.25 over 12 purchases, linear interpolation) "
            + "and, for customers with at least 3 purchases, above 10 × the median of the customer's own purchases. Sample ids are transaction ids.",
            outlier.Description);
    }

    [Fact]
    public async Task Without_as_of_the_future_is_after_now()
    {
        var report = await _server.Metrics.GetDataQualityReportAsync(new GetDataQualityReportRequest());

        var future = report.Findings.Single(f => f.Check == DataQualityCheck.FutureTransaction);
        Assert.Equal((1L, "a-2100"), (future.Count, future.SampleIds.Single())); // c2 (2024-07-01) is in the past now
    }

    [Fact]
    public async Task The_sample_size_limits_the_ids_and_zero_means_the_default()
    {
        var one = await GetAsync(sampleSize: 1);

        var withoutTransactions = one.Findings.Single(f => f.Check == DataQualityCheck.CustomerWithoutTransactions);
        Assert.Equal((2L, "D"), (withoutTransactions.Count, withoutTransactions.SampleIds.Single()));
        Assert.All(one.Findings, f => Assert.Single(f.SampleIds));
        Assert.Equal(
            (await GetAsync(sampleSize: 10)).Findings.Select(f => f.SampleIds.Count),
            (await GetAsync(sampleSize: 0)).Findings.Select(f => f.SampleIds.Count));
        Assert.Equal(2, (await GetAsync(sampleSize: 100)).Findings.Single(f => f.Check == DataQualityCheck.FutureTransaction).SampleIds.Count);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public async Task A_sample_size_outside_0_to_100_is_an_invalid_argument(int sampleSize)
    {
        var exception = await FailsWith(StatusCode.InvalidArgument, () => GetAsync(sampleSize));

        Assert.Equal("sample_size", Assert.Single(FieldViolations(exception)).Field);
    }

    [Fact]
    public async Task A_clean_book_has_no_findings()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("clean.db"));
        await ImportAsync(server.Customers.ImportCustomers(), [new ImportCustomersRequest { Customers = { Rows.Customer("c-1") } }]);
        await ImportAsync(server.Transactions.ImportTransactions(), [new ImportTransactionsRequest { Transactions = { Rows.Purchase("t-1", "c-1") } }]);

        var report = await server.Metrics.GetDataQualityReportAsync(new GetDataQualityReportRequest { AsOf = Rows.At(30) });

        Assert.Empty(report.Findings);
    }
}
