using System.Net;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Tests.Auth;
using CrmGrpc.Server.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Web;

/// <summary>gRPC-Web on the web endpoint, through the same authorization and limits as gRPC; never on the gRPC endpoint.</summary>
public sealed class GrpcWebTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private Task<InProcessServer> StartAsync(params string[] args) =>
        InProcessServer.StartAsync(_directory.File("crm.db"), ["--web-urls", "http://127.0.0.1:0", .. args]);

    /// <summary>A channel that speaks gRPC-Web (binary or base64 text) over HTTP/1.1, as a browser does.</summary>
    private static GrpcChannel WebChannel(string address, GrpcWebMode mode, Version? httpVersion = null) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(mode, new HttpClientHandler()),
            HttpVersion = httpVersion ?? HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });

    private static Metadata Key(string key) => new() { { CallerAuthenticator.ApiKeyHeader, key } };

    [Theory]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task Unary_and_server_streaming_calls_answer_on_the_web_endpoint(GrpcWebMode mode)
    {
        await using var server = await StartAsync();
        using var channel = WebChannel(server.WebAddress!, mode);
        var customers = new CustomerService.CustomerServiceClient(channel);
        var id = Rows.Unique("web");

        await customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer(id) });
        var read = await customers.GetCustomerAsync(new GetCustomerRequest { Id = id });
        Assert.Equal(id, read.Customer.Id);

        using var stream = new MetricsService.MetricsServiceClient(channel).StreamCustomerMetrics(
            new StreamCustomerMetricsRequest { Filter = new CustomerFilter { CustomerIds = { id } } }, deadline: DateTime.UtcNow.AddSeconds(30));
        var messages = new List<StreamCustomerMetricsResponse>();
        await foreach (var message in stream.ResponseStream.ReadAllAsync())
        {
            messages.Add(message);
        }

        // Progress first and last, the one customer in a batch between.
        Assert.Equal(StreamCustomerMetricsResponse.PayloadOneofCase.Progress, messages[0].PayloadCase);
        Assert.Equal(1, messages[^1].Progress.Done);
        Assert.Equal([id], messages.Where(m => m.Batch is not null).SelectMany(m => m.Batch.Customers).Select(c => c.CustomerId));
    }

    [Fact]
    public async Task Errors_keep_their_status_and_bad_request_details()
    {
        await using var server = await StartAsync();
        using var channel = WebChannel(server.WebAddress!, GrpcWebMode.GrpcWeb);
        var customers = new CustomerService.CustomerServiceClient(channel);

        await FailsWith(StatusCode.NotFound, () => customers.GetCustomerAsync(new GetCustomerRequest { Id = "nobody" }).ResponseAsync);
        var invalid = await FailsWith(StatusCode.InvalidArgument, () => customers.CreateCustomerAsync(new CreateCustomerRequest()).ResponseAsync);
        Assert.Equal("customer", Assert.Single(FieldViolations(invalid)).Field);
    }

    [Fact]
    public async Task With_keys_configured_a_call_without_one_is_unauthenticated_and_a_low_role_is_denied()
    {
        await using var server = await StartAsync(AuthTestSupport.KeyArguments());
        using var channel = WebChannel(server.WebAddress!, GrpcWebMode.GrpcWebText);
        var customers = new CustomerService.CustomerServiceClient(channel);
        var id = Rows.Unique("web");

        await FailsWith(StatusCode.Unauthenticated, () => customers.GetCustomerAsync(new GetCustomerRequest { Id = id }).ResponseAsync);
        await FailsWith(StatusCode.Unauthenticated,
            () => customers.GetCustomerAsync(new GetCustomerRequest { Id = id }, Key("not-a-key")).ResponseAsync);
        await FailsWith(StatusCode.PermissionDenied,
            () => customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer(id) }, Key(AuthTestSupport.Keys[Role.Reader])).ResponseAsync);

        await customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer(id) }, Key(AuthTestSupport.Keys[Role.Writer]));
        var read = await customers.GetCustomerAsync(new GetCustomerRequest { Id = id }, Key(AuthTestSupport.Keys[Role.Reader]));
        Assert.Equal(id, read.Customer.Id);

        // Health needs no key, over gRPC-Web as over gRPC.
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Per_caller_limits_count_gRPC_Web_calls()
    {
        await using var server = await StartAsync("--Crm:Limits:RequestsPerSecond=1", "--Crm:Limits:Burst=2");
        using var channel = WebChannel(server.WebAddress!, GrpcWebMode.GrpcWeb);
        var customers = new CustomerService.CustomerServiceClient(channel);

        StatusCode last = StatusCode.OK;
        for (var i = 0; i < 10 && last != StatusCode.ResourceExhausted; i++)
        {
            last = (await Assert.ThrowsAsync<RpcException>(() => customers.GetCustomerAsync(new GetCustomerRequest { Id = "nobody" }).ResponseAsync)).StatusCode;
        }

        Assert.Equal(StatusCode.ResourceExhausted, last);
    }

    [Fact]
    public async Task gRPC_Web_calls_are_counted_per_RPC_with_their_status()
    {
        await using var server = await StartAsync();
        using var channel = WebChannel(server.WebAddress!, GrpcWebMode.GrpcWebText);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        (string, string)[] labels = [("rpc_service", "crm.v1.MetricsService"), ("rpc_method", "CalculateClv"), ("rpc_grpc_status_code", "0")];
        // The meters are process-wide: count from what other tests' servers left.
        var before = Count(await http.GetStringAsync(server.WebAddress + "/metrics"));

        await new MetricsService.MetricsServiceClient(channel).CalculateClvAsync(
            new CalculateClvRequest { AveragePurchaseValue = 10, PurchasesPerYear = 2, LifespanYears = 3 });

        // An OK call's status is in its trailers, which gRPC-Web writes into the body: metrics must run inside its middleware.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Count(await http.GetStringAsync(server.WebAddress + "/metrics")) <= before)
        {
            Assert.True(DateTime.UtcNow < deadline, "the gRPC-Web call was not counted with OK");
            await Task.Delay(200);
        }

        double Count(string text) =>
            Telemetry.Scrape.Samples(text, "rpc_server_call_duration_seconds_count", labels).Sum(Telemetry.Scrape.Value);
    }

    [Fact]
    public async Task gRPC_Web_is_not_served_on_the_gRPC_endpoint()
    {
        await using var server = await StartAsync();
        // The gRPC endpoint speaks HTTP/2 only: gRPC-Web over HTTP/2 reaches it, and is refused there.
        using var channel = WebChannel(server.Address, GrpcWebMode.GrpcWeb, HttpVersion.Version20);

        var refused = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, refused.StatusCode); // the client's reading of HTTP 404

        // The same call over gRPC-Web on the web endpoint answers.
        using var web = WebChannel(server.WebAddress!, GrpcWebMode.GrpcWeb);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await new Health.HealthClient(web).CheckAsync(new HealthCheckRequest())).Status);
    }
}
