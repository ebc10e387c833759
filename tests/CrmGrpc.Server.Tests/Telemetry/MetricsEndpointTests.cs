using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Auth;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Telemetry;

/// <summary>
/// /metrics on the web endpoint after real calls: per-RPC series by status code, import rows and rejections by code, fit
/// duration. The meters are process-wide, so other tests' servers may add to the same series: each test looks for series
/// it caused (its own labels), never for exact totals across the process.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private InProcessServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await InProcessServer.StartAsync(_directory.File("crm.db"), "--web-urls", "http://127.0.0.1:0");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Each_RPC_is_counted_and_timed_by_method_and_status_code()
    {
        var customer = Rows.Customer(Rows.Unique("metrics"));
        await _server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer });
        await _server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = customer.Id });
        await FailsWith(StatusCode.InvalidArgument, async () => await _server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = "" }));

        var text = await Scrape.UntilAsync(_http, _server.WebAddress!, "rpc_server_call_duration_seconds_count",
            ("rpc_service", "crm.v1.CustomerService"), ("rpc_method", "GetCustomer"), ("rpc_grpc_status_code", "3"));

        var ok = Scrape.Samples(text, "rpc_server_call_duration_seconds_count",
            ("rpc_system", "grpc"), ("rpc_service", "crm.v1.CustomerService"), ("rpc_method", "GetCustomer"), ("rpc_grpc_status_code", "0")).Single();
        Assert.True(Scrape.Value(ok) >= 1, ok);
        Assert.NotEmpty(Scrape.Samples(text, "rpc_server_call_duration_seconds_bucket", ("rpc_method", "GetCustomer"), ("le", "+Inf")));
        Assert.Contains("# TYPE rpc_server_call_duration_seconds histogram", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imported_rows_rejections_by_code_and_the_fit_duration_are_exported()
    {
        var ids = Enumerable.Range(0, 12).Select(i => Rows.Unique("fit" + i)).ToList();
        await ImportAsync(_server.Customers.ImportCustomers(), [new ImportCustomersRequest { Customers = { ids.Select(id => Rows.Customer(id)) } }]);
        var purchases = new ImportTransactionsRequest();
        for (var i = 0; i < ids.Count; i++)
        {
            for (var day = 0; day < 2 + (i % 3); day++)
            {
                purchases.Transactions.Add(Rows.Purchase($"{ids[i]}-t{day}", ids[i], amountMinor: 1000 + (137 * i) + (59 * day), day: 1 + (day * (5 + i))));
            }
        }

        purchases.Transactions.Add(Rows.Purchase(Rows.Unique("orphan"), "no-such-customer"));
        var summary = await ImportAsync(_server.Transactions.ImportTransactions(), [purchases]);
        Assert.Equal(1, summary.Rejected);

        try
        {
            await new ModelService.ModelServiceClient(_server.Channel).FitModelsAsync(
                new FitModelsRequest { CalibrationEnd = Timestamp.FromDateTimeOffset(Rows.Day.AddDays(120)), TimeUnit = TimeUnit.Days });
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.FailedPrecondition)
        {
            // A book this small may not fit; the attempt is timed all the same (with error.type).
        }

        var text = await Scrape.UntilAsync(_http, _server.WebAddress!, "crm_model_fit_duration_seconds_count");
        Assert.True(Scrape.Value(Scrape.Samples(text, "crm_model_fit_duration_seconds_count").First()) >= 1);
        var accepted = Scrape.Samples(text, "crm_import_rows_imported_total", ("crm_import_kind", "transaction"), ("crm_import_outcome", "accepted")).Single();
        Assert.True(Scrape.Value(accepted) >= purchases.Transactions.Count - 1, accepted);
        Assert.Single(Scrape.Samples(text, "crm_import_rows_imported_total", ("crm_import_kind", "customer"), ("crm_import_outcome", "accepted")));
        var rejected = Scrape.Samples(text, "crm_import_rows_rejected_total",
            ("crm_import_kind", "transaction"), ("crm_import_rejection_code", "REJECTION_CODE_UNKNOWN_CUSTOMER")).Single();
        Assert.True(Scrape.Value(rejected) >= 1, rejected);
        Assert.NotEmpty(Scrape.Samples(text, "db_client_operation_duration_seconds_count", ("db_operation_name", "write_batch")));
        Assert.NotEmpty(Scrape.Samples(text, "db_client_operation_duration_seconds_count", ("db_operation_name", "read_purchase_histories")));
    }

    [Fact]
    public async Task Calls_refused_by_authentication_are_counted_with_their_status()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"), [.. AuthTestSupport.KeyArguments(), "--web-urls", "http://127.0.0.1:0"]);

        await FailsWith(StatusCode.Unauthenticated, async () =>
            await server.Engagement.ListCrmChangesAsync(new ListCrmChangesRequest()));

        // Refused before any interceptor runs; the series has the status the caller saw (16, UNAUTHENTICATED).
        await Scrape.UntilAsync(_http, server.WebAddress!, "rpc_server_call_duration_seconds_count",
            ("rpc_service", "crm.v1.EngagementService"), ("rpc_method", "ListCrmChanges"), ("rpc_grpc_status_code", "16"));
    }

    [Fact]
    public async Task A_recalculation_is_timed()
    {
        var customer = Rows.Customer(Rows.Unique("recalc"));
        await _server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer });
        using (var call = _server.Metrics.StreamCustomerMetrics(new StreamCustomerMetricsRequest { AsOf = Rows.At(30) }))
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        }

        var text = await Scrape.UntilAsync(_http, _server.WebAddress!, "crm_recalculation_duration_seconds_count");
        Assert.NotEmpty(Scrape.Samples(text, "db_client_operation_duration_seconds_count", ("db_operation_name", "scan_chunk")));
    }
}
