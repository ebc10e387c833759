using System.Net;
using System.Text.Json;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using CrmGrpc.Server.Tests.Services.Metrics;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Server.Tests.Web;

/// <summary>The synthetic book (<see cref="SyntheticBookFixture"/>) behind a web endpoint, with a fitted model and a recorded change.</summary>
public sealed class JsonRouteBookFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();

    public InProcessServer Server { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public string ModelId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await InProcessServer.StartAsync(_directory.File("crm.db"), "--web-urls", "http://127.0.0.1:0");
        await SyntheticBookFixture.LoadAsync(Server);
        ModelId = (await new ModelService.ModelServiceClient(Server.Channel).FitModelsAsync(new FitModelsRequest
        {
            CalibrationEnd = Timestamp.FromDateTimeOffset(SyntheticBookFixture.CalibrationEnd),
            TimeUnit = TimeUnit.Weeks,
        })).ModelId;
        await new EngagementService.EngagementServiceClient(Server.Channel).RecordCrmChangeAsync(new RecordCrmChangeRequest
        {
            Change = new CrmChange
            {
                Id = "launch", Name = "Loyalty launch", TreatedSegment = "smb",
                EffectiveAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2023, 7, 1, 0, 0, 0, TimeSpan.Zero)),
            },
        });
        await Server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer("json-delete") });
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose()
    {
        Http.Dispose();
        _directory.Dispose();
    }
}

/// <summary>
/// Every JSON route over HTTP/1.1 with good input (200) and bad input (400 naming the field in the BadRequest, or 404 for
/// an unknown id). A route of the protos missing here fails <see cref="Every_route_of_the_protos_is_in_the_table"/>.
/// </summary>
public sealed class JsonRouteTests(JsonRouteBookFixture book) : IClassFixture<JsonRouteBookFixture>
{
    private const string Year = "2023-01-01T00:00:00Z";
    private const string YearEnd = "2024-01-01T00:00:00Z";

    /// <summary>RPC name, HTTP verb, path and query ({model}: the fitted model's id), body (null: none).</summary>
    private static readonly (string Rpc, string Verb, string Url, object? Body)[] Good =
    [
        ("CreateCustomer", "POST", "/v1/customers", new { id = "json-new", name = "New", acquiredAt = "2023-05-01T00:00:00Z" }),
        ("GetCustomer", "GET", "/v1/customers/c-001", null),
        ("UpdateCustomer", "PATCH", "/v1/customers/c-002?updateMask=name", new { name = "Renamed" }),
        ("ListCustomers", "GET", "/v1/customers?pageSize=5&segment=smb", null),
        ("DeleteCustomer", "DELETE", "/v1/customers/json-delete", null),
        ("RecordTransaction", "POST", "/v1/transactions", new
        {
            id = "json-t1", customerId = "c-003", occurredAt = "2023-06-01T10:00:00Z", amountMinor = "1500", currency = "USD", kind = "TRANSACTION_KIND_PURCHASE",
        }),
        ("ListTransactions", "GET", "/v1/transactions?customerId=c-004&pageSize=10", null),
        ("RecordCrmChange", "POST", "/v1/crmChanges", new { id = "json-change", name = "Price change", effectiveAt = "2023-09-01T00:00:00Z", treatedSegment = "enterprise" }),
        ("ListCrmChanges", "GET", "/v1/crmChanges?pageSize=10", null),
        ("CalculateClv", "POST", "/v1/clv:calculate", new { averagePurchaseValue = 50, purchasesPerYear = 4, lifespanYears = 3 }),
        ("GetPortfolioMetrics", "GET", $"/v1/metrics/portfolio?period.start={Year}&period.end={YearEnd}", null),
        ("GetMetricSeries", "GET", $"/v1/metrics/series?range.start={Year}&range.end={YearEnd}&granularity=GRANULARITY_MONTH&metrics=PORTFOLIO_METRIC_AVERAGE_PURCHASE_VALUE", null),
        ("GetCustomerMetrics", "GET", "/v1/customers/c-004/metrics?horizon=52", null),
        ("StreamCustomerMetrics", "POST", "/v1/customers/metrics:stream", new { filter = new { customerIds = new[] { "c-001", "c-004" } } }),
        ("GetCohortRetention", "GET", $"/v1/metrics/cohortRetention?range.start={Year}&range.end={YearEnd}&granularity=GRANULARITY_MONTH", null),
        ("SegmentCustomers", "POST", "/v1/customers:segment", new { kind = "SEGMENTATION_KIND_CLV_TIERS", pageSize = 10 }),
        ("GetDataQualityReport", "GET", "/v1/dataQualityReport?sampleSize=5", null),
        ("FitModels", "POST", "/v1/models:fit", new { calibrationEnd = "2023-12-31T00:00:00Z", timeUnit = "TIME_UNIT_WEEKS" }),
        ("CreateModel", "POST", "/v1/models", new
        {
            kind = "MODEL_KIND_BG_NBD", timeUnit = "TIME_UNIT_WEEKS", calibrationEnd = "2023-12-31T00:00:00Z",
            parameters = new Dictionary<string, double> { ["r"] = 0.243, ["alpha"] = 4.414, ["a"] = 0.793, ["b"] = 2.426 },
        }),
        ("ListModels", "GET", "/v1/models?pageSize=5", null),
        ("GetModel", "GET", "/v1/models/{model}", null),
        ("GetPredictionGrid", "GET", "/v1/models/{model}/predictionGrid?maxFrequency=5", null),
        ("MeasureUplift", "POST", "/v1/crmChanges/launch:measureUplift", new { metric = "UPLIFT_METRIC_REVENUE_PER_CUSTOMER", windowDays = 60 }),
        ("BackupDatabase", "POST", "/v1/database:backup", new { chunkBytes = 1048576 }),
    ];

    /// <summary>RPC name, verb, path and query, body, and the field the BadRequest names (null: 404 for an unknown id).</summary>
    private static readonly (string Rpc, string Verb, string Url, object? Body, string? Field)[] Bad =
    [
        ("CreateCustomer", "POST", "/v1/customers", new { id = "", name = "No id", acquiredAt = "2023-05-01T00:00:00Z" }, "customer.id"),
        ("GetCustomer", "GET", "/v1/customers/nobody", null, null),
        ("UpdateCustomer", "PATCH", "/v1/customers/c-002?updateMask=no_such_field", new { name = "Renamed" }, "update_mask"),
        ("UpdateCustomer", "PATCH", "/v1/customers/nobody?updateMask=name", new { name = "Renamed" }, null),
        ("ListCustomers", "GET", "/v1/customers?pageSize=-1", null, "page_size"),
        ("ListCustomers", "GET", "/v1/customers?pageSize=ten", null, "page_size"),
        ("DeleteCustomer", "DELETE", "/v1/customers/nobody", null, null),
        ("RecordTransaction", "POST", "/v1/transactions", new
        {
            id = "json-t2", customerId = "c-003", occurredAt = "2023-06-01T10:00:00Z", amountMinor = "1500", currency = "XX", kind = "TRANSACTION_KIND_PURCHASE",
        }, "transaction.currency"),
        ("ListTransactions", "GET", "/v1/transactions?pageSize=-1", null, "page_size"),
        ("ListTransactions", "GET", "/v1/transactions?customerId=nobody", null, null),
        ("RecordCrmChange", "POST", "/v1/crmChanges", new { id = "json-unnamed", effectiveAt = "2023-09-01T00:00:00Z" }, "change.name"),
        ("ListCrmChanges", "GET", "/v1/crmChanges?pageSize=-1", null, "page_size"),
        ("CalculateClv", "POST", "/v1/clv:calculate", new { averagePurchaseValue = -5, purchasesPerYear = 4, lifespanYears = 3 }, "average_purchase_value"),
        ("GetPortfolioMetrics", "GET", $"/v1/metrics/portfolio?period.start={YearEnd}&period.end={Year}", null, "period"),
        ("GetPortfolioMetrics", "GET", $"/v1/metrics/portfolio?period.start=garbage&period.end={Year}", null, "period.start"),
        ("GetPortfolioMetrics", "GET", $"/v1/metrics/portfolio?period.begin={Year}&period.end={YearEnd}", null, "period.begin"),
        ("GetMetricSeries", "GET", $"/v1/metrics/series?range.start={Year}&range.end={YearEnd}", null, "granularity"),
        ("GetMetricSeries", "GET", $"/v1/metrics/series?range.start={Year}&range.end={YearEnd}&granularity=GRANULARITY_FORTNIGHT", null, "granularity"),
        ("GetCustomerMetrics", "GET", "/v1/customers/c-004/metrics?horizon=-1", null, "horizon"),
        ("GetCustomerMetrics", "GET", "/v1/customers/nobody/metrics", null, null),
        ("StreamCustomerMetrics", "POST", "/v1/customers/metrics:stream", new { batchSize = 99999 }, "batch_size"),
        ("GetCohortRetention", "GET", $"/v1/metrics/cohortRetention?range.start={Year}&range.end={YearEnd}", null, "granularity"),
        ("SegmentCustomers", "POST", "/v1/customers:segment", new { pageSize = 10 }, "kind"),
        ("GetDataQualityReport", "GET", "/v1/dataQualityReport?sampleSize=1000", null, "sample_size"),
        ("FitModels", "POST", "/v1/models:fit", new { timeUnit = "TIME_UNIT_WEEKS" }, "calibration_end"),
        ("CreateModel", "POST", "/v1/models", new { timeUnit = "TIME_UNIT_WEEKS", calibrationEnd = "2023-12-31T00:00:00Z" }, "model.kind"),
        ("ListModels", "GET", "/v1/models?pageSize=-1", null, "page_size"),
        ("GetModel", "GET", "/v1/models/nobody", null, null),
        ("GetPredictionGrid", "GET", "/v1/models/{model}/predictionGrid?maxFrequency=1000", null, "max_frequency"),
        ("GetPredictionGrid", "GET", "/v1/models/nobody/predictionGrid", null, null),
        ("MeasureUplift", "POST", "/v1/crmChanges/launch:measureUplift", new { metric = "UPLIFT_METRIC_REVENUE_PER_CUSTOMER", windowDays = 3651 }, "window_days"),
        ("MeasureUplift", "POST", "/v1/crmChanges/nothing:measureUplift", new { metric = "UPLIFT_METRIC_REVENUE_PER_CUSTOMER", windowDays = 30 }, null),
        ("BackupDatabase", "POST", "/v1/database:backup", new { chunkBytes = 10 }, "chunk_bytes"),
    ];

    public static TheoryData<int> GoodCases => [.. Enumerable.Range(0, Good.Length)];

    public static TheoryData<int> BadCases => [.. Enumerable.Range(0, Bad.Length)];

    [Fact]
    public void Every_route_of_the_protos_is_in_the_table()
    {
        var routed = OpenApiTests.ContractMethods().Where(m => OpenApiTests.RouteOf(m) is not null).Select(m => m.Name).Order(StringComparer.Ordinal);

        Assert.Equal(routed, Good.Select(c => c.Rpc).Order(StringComparer.Ordinal));
        Assert.Equal(routed, Bad.Select(c => c.Rpc).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(GoodCases))]
    public async Task Good_input_is_200(int index)
    {
        var (rpc, verb, url, body) = Good[index];
        AssertRoute(rpc, verb, url);

        var (status, messages) = await SendAsync(verb, url, body);

        if (rpc == "BackupDatabase" && StoreUnderTest.IsPostgres)
        {
            // No file to stream on PostgreSQL: FAILED_PRECONDITION (400) naming its own tools (Stores/PostgresBackupTests).
            Assert.Equal(HttpStatusCode.BadRequest, status);
            return;
        }

        Assert.True(status == HttpStatusCode.OK, $"{rpc}: {(int)status} {messages.FirstOrDefault()}");
        Assert.NotEmpty(messages);
        Assert.All(messages, message => Assert.Equal(JsonValueKind.Object, message.ValueKind));
    }

    [Theory]
    [MemberData(nameof(BadCases))]
    public async Task Bad_input_is_400_naming_the_field_or_404_for_an_unknown_id(int index)
    {
        var (rpc, verb, url, body, field) = Bad[index];
        AssertRoute(rpc, verb, url);

        var (status, messages) = await SendAsync(verb, url, body);
        var error = Assert.Single(messages);

        if (field is null)
        {
            Assert.True(status == HttpStatusCode.NotFound, $"{rpc}: {(int)status} {error}");
            Assert.Equal(5, error.GetProperty("code").GetInt32());
            return;
        }

        Assert.True(status == HttpStatusCode.BadRequest, $"{rpc}: {(int)status} {error}");
        Assert.Equal(3, error.GetProperty("code").GetInt32());
        var fields = error.GetProperty("details").EnumerateArray()
            .Where(detail => detail.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest")
            .SelectMany(detail => detail.GetProperty("fieldViolations").EnumerateArray())
            .Select(violation => violation.GetProperty("field").GetString()!)
            .ToList();
        Assert.True(fields.Any(f => f == field || f.StartsWith(field + ".", StringComparison.Ordinal)), $"{rpc}: no violation of {field} in {error}");
    }

    /// <summary>The case's verb and path are the route its RPC declares (a typo in the table would test nothing).</summary>
    private static void AssertRoute(string rpc, string verb, string url)
    {
        var route = OpenApiTests.ContractMethods().Select(m => (m.Name, Route: OpenApiTests.RouteOf(m))).Single(m => m.Name == rpc).Route!.Value;
        var template = "^" + System.Text.RegularExpressions.Regex.Replace(route.Path.Replace(".", "\\.", StringComparison.Ordinal).Replace("?", "\\?", StringComparison.Ordinal), @"\{[^}]+\}", "[^/?:]+") + @"(\?.*)?$";
        Assert.Equal(route.Verb, verb.ToLowerInvariant());
        Assert.Matches(template, url);
    }

    /// <summary>The status and each JSON message of the answer: one for a unary call, one a line for a stream.</summary>
    private async Task<(HttpStatusCode Status, List<JsonElement> Messages)> SendAsync(string verb, string url, object? body)
    {
        using var request = JsonHttp.Request(new HttpMethod(verb), book.Server.WebAddress + url.Replace("{model}", book.ModelId, StringComparison.Ordinal), body);
        using var response = await book.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {text}");
        var messages = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
        return (response.StatusCode, messages);
    }
}
