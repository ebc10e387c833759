using System.Text;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Errors;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Errors;

/// <summary>
/// Input echoed in errors is bounded: 3,000-character and 100 KB values on several RPCs give their status code with
/// a readable BadRequest, every status within the 8 KB of metadata gRPC's C core accepts.
/// </summary>
public sealed class StatusesTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    /// <summary>gRPC's C core (Python, PHP, Ruby clients) refuses trailers over 8 KB by default.</summary>
    private const int ClientMetadataLimit = 8 * 1024;

    private InProcessServer Server => fixture.Server;

    [Theory]
    [InlineData(3_000)]
    [InlineData(100_000)]
    public async Task A_long_currency_is_invalid_argument_echoed_cut_with_its_length(int length)
    {
        var transaction = Rows.Purchase(Rows.Unique("t"), Rows.Unique("c"));
        transaction.Currency = new string('X', length);

        var error = await FailsWith(StatusCode.InvalidArgument,
            () => Server.Transactions.RecordTransactionAsync(new RecordTransactionRequest { Transaction = transaction }).ResponseAsync);

        var violation = Assert.Single(FieldViolations(error), v => v.Field == "transaction.currency");
        Assert.Contains($"({length} characters)", violation.Description, StringComparison.Ordinal);
        AssertBounded(error);
    }

    [Theory]
    [InlineData(3_000)]
    [InlineData(100_000)]
    public async Task A_long_unknown_id_is_not_found_echoed_cut_with_its_length(int length)
    {
        var id = new string('i', length);

        var metrics = await FailsWith(StatusCode.NotFound,
            () => Server.Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = id }).ResponseAsync);
        var transactions = await FailsWith(StatusCode.NotFound,
            () => Server.Transactions.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = id }).ResponseAsync);

        foreach (var error in new[] { metrics, transactions })
        {
            Assert.Contains($"({length} characters)", error.Status.Detail, StringComparison.Ordinal);
            AssertBounded(error);
        }
    }

    [Theory]
    [InlineData(3_000)]
    [InlineData(100_000)]
    public async Task Long_ids_names_and_segments_of_a_customer_are_invalid_argument_with_a_bounded_bad_request(int length)
    {
        var customer = Rows.Customer(new string('i', length), segment: new string('s', length), channel: new string('c', length));
        customer.Name = new string('n', length);
        customer.Email = new string('e', length);

        var error = await FailsWith(StatusCode.InvalidArgument,
            () => Server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer }).ResponseAsync);

        Assert.Equal(
            ["customer.id", "customer.name", "customer.email", "customer.segment", "customer.channel"],
            FieldViolations(error).Select(v => v.Field).Distinct());
        AssertBounded(error);
    }

    [Fact]
    public async Task A_long_segment_in_a_failed_precondition_is_cut()
    {
        var models = new ModelService.ModelServiceClient(Server.Channel);
        var request = new FitModelsRequest
        {
            CalibrationEnd = Timestamp.FromDateTimeOffset(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            TimeUnit = TimeUnit.Weeks,
            Segment = new string('s', 100_000),
        };

        var error = await FailsWith(StatusCode.FailedPrecondition, () => models.FitModelsAsync(request).ResponseAsync);

        Assert.StartsWith("not enough data", error.Status.Detail, StringComparison.Ordinal);
        AssertBounded(error);
    }

    [Fact]
    public async Task A_long_update_mask_path_is_cut()
    {
        var customer = Rows.Customer(Rows.Unique("c"));
        await Server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer });
        var mask = new FieldMask { Paths = { new string('p', 100_000), "name", new string('q', 3_000) } };

        var error = await FailsWith(StatusCode.InvalidArgument,
            () => Server.Customers.UpdateCustomerAsync(new UpdateCustomerRequest { Customer = customer, UpdateMask = mask }).ResponseAsync);

        var violation = Assert.Single(FieldViolations(error));
        Assert.Equal("update_mask", violation.Field);
        Assert.Contains("(100000 characters)", violation.Description, StringComparison.Ordinal);
        AssertBounded(error);
    }

    [Fact]
    public async Task Many_violations_with_long_names_fill_a_bounded_bad_request_and_count_the_rest()
    {
        var customer = Rows.Customer(Rows.Unique("c"));
        for (var i = 0; i < 500; i++)
        {
            customer.Attributes.Add($"{i:D4}{new string('k', 3_000)}", new string('v', 2_000));
        }

        var error = await FailsWith(StatusCode.InvalidArgument,
            () => Server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer }).ResponseAsync);

        var violations = FieldViolations(error);
        Assert.InRange(violations.Count, 10, 499);
        Assert.All(violations.SkipLast(1), v => Assert.StartsWith("customer.attributes[", v.Field, StringComparison.Ordinal));
        Assert.Matches("^[0-9]+ more violations not listed$", violations[^1].Description);
        Assert.True(error.GetRpcStatus()!.GetDetail<BadRequest>()!.CalculateSize() <= Statuses.MaxBadRequestBytes);
        AssertBounded(error);
    }

    [Fact]
    public async Task Many_violations_with_long_non_ascii_names_stay_within_the_limit()
    {
        var customer = Rows.Customer(Rows.Unique("c"));
        for (var i = 0; i < 500; i++)
        {
            customer.Attributes.Add($"{i:D4}{new string('界', 3_000)}", new string('v', 2_000));
        }

        customer.Email = new string('界', 3_000);

        var error = await FailsWith(StatusCode.InvalidArgument,
            () => Server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer }).ResponseAsync);

        Assert.Matches("^[0-9]+ more violations not listed$", FieldViolations(error)[^1].Description);
        AssertBounded(error);
    }

    [Fact]
    public async Task An_import_summary_bounds_the_id_field_and_reason_of_each_rejected_row()
    {
        var row = Rows.Purchase(new string('i', 100_000), Rows.Unique("c"));
        row.Currency = new string('X', 100_000);
        var call = Server.Transactions.ImportTransactions();

        var summary = await ImportAsync(call, [new ImportTransactionsRequest { Transactions = { row } }]);

        var error = Assert.Single(summary.Errors);
        Assert.Equal(1, summary.Rejected);
        Assert.True(error.Id.Length <= 129, $"id of {error.Id.Length} characters");
        Assert.StartsWith(new string('i', 128), error.Id, StringComparison.Ordinal);
        Assert.InRange(error.Reason.Length, 1, Statuses.MaxDescriptionChars);
        Assert.InRange(error.Field.Length, 1, Statuses.MaxFieldChars);
    }

    /// <summary>The status a client reads, the message and every trailer, fits a client's metadata limit with room to spare.</summary>
    private static void AssertBounded(RpcException error)
    {
        Assert.True(error.Status.Detail.Length <= Statuses.MaxMessageChars, $"message of {error.Status.Detail.Length} characters");
        // grpc-message is percent-encoded: each byte outside printable ASCII (and '%') takes three.
        var bytes = Encoding.UTF8.GetBytes(error.Status.Detail).Sum(b => b is >= 0x20 and <= 0x7E and not (byte)'%' ? 1 : 3)
            + error.Trailers.Sum(t => t.Key.Length + (t.IsBinary ? (t.ValueBytes.Length + 2) / 3 * 4 : Encoding.UTF8.GetByteCount(t.Value)));
        Assert.True(bytes < ClientMetadataLimit, $"{bytes} bytes of status metadata");
        Assert.All(error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations ?? [], v =>
        {
            Assert.True(v.Field.Length <= Statuses.MaxFieldChars);
            Assert.True(v.Description.Length <= Statuses.MaxDescriptionChars);
        });
    }
}
