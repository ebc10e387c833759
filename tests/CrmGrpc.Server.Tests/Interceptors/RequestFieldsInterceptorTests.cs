using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Interceptors;

/// <summary>
/// Timestamp nanos or seconds outside google.protobuf.Timestamp's range are rejected, never clamped; a text holding U+0000
/// is rejected naming its field, on every store (PostgreSQL cannot keep one).
/// </summary>
public sealed class RequestFieldsInterceptorTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly Timestamp NegativeNanos = new() { Seconds = Rows.At(0).Seconds, Nanos = -1 };

    private static readonly Timestamp TooManyNanos = new() { Seconds = Rows.At(0).Seconds, Nanos = 1_000_000_000 };

    private static readonly Timestamp SecondsPastYear9999 = new() { Seconds = 253_402_300_800 };

    private InProcessServer Server => fixture.Server;

    [Fact]
    public async Task A_unary_request_with_nanos_out_of_range_is_invalid_argument_naming_the_field()
    {
        var customer = Rows.Customer(Rows.Unique("c"));
        customer.AcquiredAt = NegativeNanos;

        var error = await FailsWith(StatusCode.InvalidArgument,
            () => Server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer }).ResponseAsync);

        Assert.Equal("customer.acquired_at", Assert.Single(FieldViolations(error)).Field);
        await FailsWith(StatusCode.NotFound, () => Server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = customer.Id }).ResponseAsync);
    }

    [Fact]
    public async Task Each_timestamp_of_a_request_is_checked()
    {
        var period = new Period { Start = TooManyNanos, End = SecondsPastYear9999 };

        var error = await FailsWith(StatusCode.InvalidArgument,
            () => Server.Metrics.GetPortfolioMetricsAsync(new GetPortfolioMetricsRequest { Period = period }).ResponseAsync);

        Assert.Equal(["period.start", "period.end"], FieldViolations(error).Select(v => v.Field));
    }

    [Fact]
    public async Task A_fit_with_a_calibration_end_out_of_range_is_invalid_argument()
    {
        var models = new ModelService.ModelServiceClient(Server.Channel);

        var error = await FailsWith(StatusCode.InvalidArgument,
            () => models.FitModelsAsync(new FitModelsRequest { CalibrationEnd = NegativeNanos, TimeUnit = TimeUnit.Weeks }).ResponseAsync);

        Assert.Equal("calibration_end", Assert.Single(FieldViolations(error)).Field);
    }

    [Fact]
    public async Task A_server_streaming_request_with_nanos_out_of_range_is_invalid_argument()
    {
        using var call = Server.Metrics.StreamCustomerMetrics(new StreamCustomerMetricsRequest { AsOf = TooManyNanos });

        var error = await FailsWith(StatusCode.InvalidArgument, () => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal("as_of", Assert.Single(FieldViolations(error)).Field);
    }

    [Fact]
    public async Task An_import_row_with_nanos_out_of_range_is_rejected_alone_as_a_bad_timestamp()
    {
        var customer = Rows.Customer(Rows.Unique("c"));
        await Server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer });
        var good = Rows.Purchase(Rows.Unique("t"), customer.Id);
        var bad = Rows.Purchase(Rows.Unique("t"), customer.Id);
        bad.OccurredAt = NegativeNanos;

        var summary = await ImportAsync(Server.Transactions.ImportTransactions(), [new ImportTransactionsRequest { Transactions = { good, bad } }]);

        Assert.Equal(1, summary.Accepted);
        var error = Assert.Single(summary.Errors);
        Assert.Equal((bad.Id, "occurred_at", RejectionCode.BadTimestamp), (error.Id, error.Field, error.Code));
        Assert.StartsWith("nanos must be between 0 and 999999999, was -1", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_NUL_in_an_id_to_look_up_or_a_filter_is_invalid_argument_naming_the_field()
    {
        var lookup = await FailsWith(StatusCode.InvalidArgument,
            () => Server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = "a\0b" }).ResponseAsync);
        using var call = Server.Metrics.StreamCustomerMetrics(new StreamCustomerMetricsRequest
        {
            Filter = new CustomerFilter { Segment = "smb\0" },
            ModelId = "\0",
        });
        var stream = await FailsWith(StatusCode.InvalidArgument, () => call.ResponseStream.MoveNext(CancellationToken.None));

        var violation = Assert.Single(FieldViolations(lookup));
        Assert.Equal(("id", "contains the NUL character (U+0000)"), (violation.Field, violation.Description));
        Assert.Equal(["filter.segment", "model_id"], FieldViolations(stream).Select(v => v.Field));
    }

    [Fact]
    public async Task A_NUL_in_a_list_item_or_a_map_is_named_by_its_place()
    {
        var customer = Rows.Customer(Rows.Unique("c"));
        customer.Attributes["tier"] = "gold\0";
        customer.Attributes["bad\0key"] = "x";
        var change = new CrmChange { Id = Rows.Unique("ch"), Name = "n", EffectiveAt = Rows.At(0), TreatedCustomerIds = { "c-1", "c-\0" } };

        var created = await FailsWith(StatusCode.InvalidArgument,
            () => Server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer }).ResponseAsync);
        var recorded = await FailsWith(StatusCode.InvalidArgument,
            () => Server.Engagement.RecordCrmChangeAsync(new RecordCrmChangeRequest { Change = change }).ResponseAsync);

        Assert.Equal(["customer.attributes", "customer.attributes[tier]"], FieldViolations(created).Select(v => v.Field).Order(StringComparer.Ordinal));
        Assert.Equal("change.treated_customer_ids[1]", Assert.Single(FieldViolations(recorded)).Field);
        await FailsWith(StatusCode.NotFound, () => Server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = customer.Id }).ResponseAsync);
    }

    [Fact]
    public async Task An_import_row_with_a_NUL_is_rejected_alone_naming_the_field()
    {
        var good = Rows.Customer(Rows.Unique("c"));
        var bad = Rows.Customer(Rows.Unique("c"));
        bad.Segment = "smb\0";

        var summary = await ImportAsync(Server.Customers.ImportCustomers(), [new ImportCustomersRequest { Customers = { good, bad } }]);

        Assert.Equal(1, summary.Accepted);
        var error = Assert.Single(summary.Errors);
        Assert.Equal((bad.Id, "segment", RejectionCode.InvalidField), (error.Id, error.Field, error.Code));
    }
}
