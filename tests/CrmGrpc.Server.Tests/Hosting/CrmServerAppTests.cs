using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Hosting;

public sealed class CrmServerAppTests
{
    [Fact]
    public async Task Health_is_serving_once_the_store_is_migrated()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"));

        var health = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Reflection_lists_every_service_of_the_contract()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"));
        using var call = new ServerReflection.ServerReflectionClient(server.Channel).ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "crm.v1.CustomerService", "crm.v1.TransactionService", "crm.v1.EngagementService", "crm.v1.MetricsService",
                "crm.v1.ModelService", "crm.v1.UpliftService", "grpc.health.v1.Health",
            },
            services);
    }

    [Fact]
    public async Task Data_survives_a_restart_on_the_same_file()
    {
        using var directory = new TempDirectory();
        var path = directory.File("crm.db");
        var customer = Rows.Customer("persistent");
        await using (var first = await InProcessServer.StartAsync(path))
        {
            await first.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = customer });
            await first.Transactions.RecordTransactionAsync(new RecordTransactionRequest { Transaction = Rows.Purchase("t-1", customer.Id) });
        }

        await using var second = await InProcessServer.StartAsync(path);

        Assert.Equal(customer.Name, (await second.Customers.GetCustomerAsync(new GetCustomerRequest { Id = customer.Id })).Customer.Name);
        var again = await second.Transactions.RecordTransactionAsync(new RecordTransactionRequest { Transaction = Rows.Purchase("t-1", customer.Id) });
        Assert.True(again.Duplicate);
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_refused_without_harming_the_server()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"), "--Crm:MaxMessageBytes=65536");
        var huge = Rows.Customer("huge");
        huge.Name = new string('x', 100_000);

        await FailsWith(StatusCode.ResourceExhausted, () => server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = huge }).ResponseAsync);

        await server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer("small") });
    }

    [Fact]
    public async Task The_book_currency_comes_from_configuration()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"), "--currency", "EUR");
        await server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer("eu") });
        var euro = Rows.Purchase("t-eur", "eu");
        euro.Currency = "EUR";

        await server.Transactions.RecordTransactionAsync(new RecordTransactionRequest { Transaction = euro });
        var error = await FailsWith(StatusCode.InvalidArgument,
            () => server.Transactions.RecordTransactionAsync(new RecordTransactionRequest { Transaction = Rows.Purchase("t-usd", "eu") }).ResponseAsync);
        Assert.Contains("EUR", Assert.Single(FieldViolations(error)).Description, StringComparison.Ordinal);
    }
}
