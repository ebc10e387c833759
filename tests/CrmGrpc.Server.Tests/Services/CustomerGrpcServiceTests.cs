using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services;

public sealed class CustomerGrpcServiceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private CustomerService.CustomerServiceClient Client => fixture.Server.Customers;

    [Fact]
    public async Task Create_then_get_returns_the_stored_customer_with_bookkeeping_times()
    {
        var customer = Rows.Customer(Rows.Unique("c"));
        customer.Attributes.Add("country", "NL");
        customer.ChurnedAt = Rows.At(30);

        var created = (await Client.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer })).Customer;
        var read = (await Client.GetCustomerAsync(new GetCustomerRequest { Id = customer.Id })).Customer;

        Assert.Equal(created, read);
        Assert.Equal("NL", read.Attributes["country"]);
        Assert.Equal(Rows.At(30), read.ChurnedAt);
        Assert.NotNull(read.CreateTime);
        Assert.Equal(read.CreateTime, read.UpdateTime);
    }

    [Fact]
    public async Task Create_with_an_existing_id_is_already_exists()
    {
        var customer = Rows.Customer(Rows.Unique("c"));
        await Client.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer });

        await FailsWith(StatusCode.AlreadyExists, () => Client.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer }).ResponseAsync);
    }

    [Fact]
    public async Task Create_with_bad_fields_names_each_of_them_in_a_bad_request()
    {
        var customer = Rows.Customer("");
        customer.Email = "not-an-address";
        customer.AcquiredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(1850, 1, 1, 0, 0, 0, TimeSpan.Zero));
        customer.ChurnedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(3));

        var error = await FailsWith(StatusCode.InvalidArgument,
            () => Client.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer }).ResponseAsync);

        var fields = FieldViolations(error).Select(v => v.Field).ToHashSet();
        Assert.Equal(["customer.id", "customer.email", "customer.acquired_at", "customer.churned_at"], fields);
        Assert.DoesNotContain("Exception", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_without_a_customer_is_invalid_argument()
    {
        var error = await FailsWith(StatusCode.InvalidArgument, () => Client.CreateCustomerAsync(new CreateCustomerRequest()).ResponseAsync);
        Assert.Equal("customer", Assert.Single(FieldViolations(error)).Field);
    }

    [Fact]
    public async Task Get_unknown_is_not_found_and_empty_id_is_invalid()
    {
        await FailsWith(StatusCode.NotFound, () => Client.GetCustomerAsync(new GetCustomerRequest { Id = "nobody" }).ResponseAsync);
        var error = await FailsWith(StatusCode.InvalidArgument, () => Client.GetCustomerAsync(new GetCustomerRequest { Id = "" }).ResponseAsync);
        Assert.Equal("id", Assert.Single(FieldViolations(error)).Field);
    }

    [Fact]
    public async Task Update_changes_only_the_masked_fields()
    {
        var customer = Rows.Customer(Rows.Unique("c"));
        await Client.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer });
        var change = new Customer { Id = customer.Id, Segment = "enterprise", Name = "ignored, not in the mask" };

        var updated = (await Client.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = change,
            UpdateMask = new FieldMask { Paths = { "segment" } },
        })).Customer;

        Assert.Equal("enterprise", updated.Segment);
        Assert.Equal(customer.Name, updated.Name);
        Assert.Equal(customer.AcquiredAt, updated.AcquiredAt);
    }

    [Fact]
    public async Task Update_rejects_unknown_paths_unknown_customers_and_invalid_results()
    {
        var customer = Rows.Customer(Rows.Unique("c"));
        await Client.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer });

        var badPath = await FailsWith(StatusCode.InvalidArgument, () => Client.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = customer,
            UpdateMask = new FieldMask { Paths = { "create_time" } },
        }).ResponseAsync);
        Assert.Equal("update_mask", Assert.Single(FieldViolations(badPath)).Field);

        await FailsWith(StatusCode.NotFound, () => Client.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = Rows.Customer("never-created"),
        }).ResponseAsync);

        var churnBeforeAcquired = customer.Clone();
        churnBeforeAcquired.ChurnedAt = Rows.At(-10);
        var invalid = await FailsWith(StatusCode.InvalidArgument, () => Client.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = churnBeforeAcquired,
            UpdateMask = new FieldMask { Paths = { "churned_at" } },
        }).ResponseAsync);
        Assert.Equal("customer.churned_at", Assert.Single(FieldViolations(invalid)).Field);
    }

    [Fact]
    public async Task List_pages_through_a_segment_in_id_order_without_gaps_or_repeats()
    {
        var segment = Rows.Unique("seg");
        var ids = Enumerable.Range(0, 23).Select(i => $"{segment}-{i:D2}").ToList();
        foreach (var id in ids)
        {
            await Client.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer(id, segment) });
        }

        await Client.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer(Rows.Unique("other"), "other") });

        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await Client.ListCustomersAsync(new ListCustomersRequest { Segment = segment, PageSize = 10, PageToken = token });
            seen.AddRange(page.Customers.Select(c => c.Id));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(ids, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task List_filters_by_channel_and_rejects_a_token_from_other_filters()
    {
        var channel = Rows.Unique("ch");
        for (var i = 0; i < 3; i++)
        {
            await Client.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer($"{channel}-{i}", channel: channel) });
        }

        var page = await Client.ListCustomersAsync(new ListCustomersRequest { Channel = channel, PageSize = 2 });
        Assert.All(page.Customers, c => Assert.Equal(channel, c.Channel));
        Assert.NotEmpty(page.NextPageToken);

        var error = await FailsWith(StatusCode.InvalidArgument, () => Client.ListCustomersAsync(
            new ListCustomersRequest { Channel = "another", PageToken = page.NextPageToken }).ResponseAsync);
        Assert.Equal("page_token", Assert.Single(FieldViolations(error)).Field);
        await FailsWith(StatusCode.InvalidArgument, () => Client.ListCustomersAsync(new ListCustomersRequest { PageSize = -1 }).ResponseAsync);
        await FailsWith(StatusCode.InvalidArgument, () => Client.ListCustomersAsync(new ListCustomersRequest { PageToken = "%%garbage%%" }).ResponseAsync);
    }

    [Fact]
    public async Task Import_upserts_counts_duplicates_and_rejects_bad_rows_while_keeping_the_rest()
    {
        var prefix = Rows.Unique("imp");
        var first = new ImportCustomersRequest { Customers = { Rows.Customer($"{prefix}-1"), Rows.Customer($"{prefix}-2") } };
        var changed = Rows.Customer($"{prefix}-2", segment: "enterprise");
        var bad = Rows.Customer($"{prefix}-3");
        bad.AcquiredAt = null;
        var second = new ImportCustomersRequest { Customers = { Rows.Customer($"{prefix}-1"), changed, bad, Rows.Customer($"{prefix}-4") } };

        var summary = await ImportAsync(Client.ImportCustomers(), [first, second]);

        Assert.Equal(4, summary.Accepted); // 1, 2, changed 2, 4
        Assert.Equal(1, summary.Duplicates);
        Assert.Equal(1, summary.Rejected);
        var error = Assert.Single(summary.Errors);
        Assert.Equal($"{prefix}-3", error.Id);
        Assert.Equal(4, error.Position);
        Assert.Equal(RejectionCode.BadTimestamp, error.Code);
        Assert.Equal("acquired_at", error.Field);
        Assert.Equal("enterprise", (await Client.GetCustomerAsync(new GetCustomerRequest { Id = $"{prefix}-2" })).Customer.Segment);
        await FailsWith(StatusCode.NotFound, () => Client.GetCustomerAsync(new GetCustomerRequest { Id = $"{prefix}-3" }).ResponseAsync);
    }
}
