using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Logging;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Hosting;

/// <summary>
/// Request bytes that are not valid protobuf, sent raw over HTTP/2: every kind of RPC answers INVALID_ARGUMENT
/// saying the message could not be parsed, and the log holds no stack trace.
/// </summary>
public sealed class ParseCheckingMethodProviderTests : IAsyncLifetime, IDisposable
{
    /// <summary>Field 1, a string of two bytes that are not UTF-8 (0xC3 starts a pair, 0x28 does not continue it).</summary>
    private static readonly byte[] InvalidUtf8InField1 = [0x0A, 0x02, 0xC3, 0x28];

    /// <summary>Field 1, length 5, one byte present.</summary>
    private static readonly byte[] Truncated = [0x0A, 0x05, 0x61];

    /// <summary>Field 0 with wire type 7: no protobuf message starts so.</summary>
    private static readonly byte[] Garbage = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    private readonly TempDirectory _directory = new();
    private readonly LogCapture _log = new();
    private InProcessServer _server = null!;

    public static TheoryData<string, byte[]> UnaryCases => new()
    {
        { "/crm.v1.CustomerService/GetCustomer", InvalidUtf8InField1 },
        { "/crm.v1.CustomerService/GetCustomer", Truncated },
        { "/crm.v1.CustomerService/CreateCustomer", Garbage },
        { "/crm.v1.MetricsService/CalculateClv", Truncated },
        { "/crm.v1.ModelService/FitModels", Garbage },
        { "/grpc.health.v1.Health/Check", InvalidUtf8InField1 },
    };

    public async Task InitializeAsync() =>
        _server = await InProcessServer.StartAsync(
            _directory.File("crm.db"), builder => builder.Logging.AddProvider(_log), "--Logging:LogLevel:Default=Information");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public async Task A_unary_request_that_does_not_parse_is_invalid_argument(string path, byte[] body)
    {
        var error = await FailsWith(StatusCode.InvalidArgument, () => Unary(path, body));

        AssertUnparseable(error);
        AssertLoggedWithoutStackTrace(path);
    }

    [Theory]
    [InlineData(new byte[] { 0x12, 0x02, 0xC3, 0x28 })] // model_id (field 2) not UTF-8
    [InlineData(new byte[] { 0x0A, 0x05, 0x61 })]
    public async Task A_server_streaming_request_that_does_not_parse_is_invalid_argument(byte[] body)
    {
        const string path = "/crm.v1.MetricsService/StreamCustomerMetrics";
        var method = RawMethod(MethodType.ServerStreaming, path);
        using var call = _server.Channel.CreateCallInvoker().AsyncServerStreamingCall(method, null, new CallOptions(), body);

        var error = await FailsWith(StatusCode.InvalidArgument, () => call.ResponseStream.MoveNext(CancellationToken.None));

        AssertUnparseable(error);
        AssertLoggedWithoutStackTrace(path);
    }

    [Fact]
    public async Task An_import_message_that_does_not_parse_is_invalid_argument_and_the_messages_before_it_are_stored()
    {
        const string path = "/crm.v1.CustomerService/ImportCustomers";
        var first = Rows.Customer(Rows.Unique("c"));
        var second = Rows.Customer(Rows.Unique("c"));
        var method = RawMethod(MethodType.ClientStreaming, path);
        using var call = _server.Channel.CreateCallInvoker().AsyncClientStreamingCall(method, null, new CallOptions());
        await call.RequestStream.WriteAsync(new ImportCustomersRequest { Customers = { first } }.ToByteArray());
        await call.RequestStream.WriteAsync(new ImportCustomersRequest { Customers = { second } }.ToByteArray());
        await call.RequestStream.WriteAsync(Truncated); // the parser's longest reason: the counts come before it

        var error = await FailsWith(StatusCode.InvalidArgument, () => call.ResponseAsync);

        AssertUnparseable(error);
        Assert.Contains("message 3 of the stream", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("the 2 messages before it", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(first.Id, (await _server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = first.Id })).Customer.Id);
        Assert.Equal(second.Id, (await _server.Customers.GetCustomerAsync(new GetCustomerRequest { Id = second.Id })).Customer.Id);
        AssertLoggedWithoutStackTrace(path);
    }

    [Fact]
    public async Task A_reflection_message_that_does_not_parse_is_invalid_argument()
    {
        const string path = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
        var method = RawMethod(MethodType.DuplexStreaming, path);
        using var call = _server.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(method, null, new CallOptions());
        await call.RequestStream.WriteAsync(Truncated);

        var error = await FailsWith(StatusCode.InvalidArgument, () => call.ResponseStream.MoveNext(CancellationToken.None));

        AssertUnparseable(error);
        AssertLoggedWithoutStackTrace(path);
    }

    [Fact]
    public async Task A_valid_request_still_reaches_its_service_through_the_replaced_binder()
    {
        var health = await new Health.HealthClient(_server.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var clv = await _server.Metrics.CalculateClvAsync(new CalculateClvRequest { AveragePurchaseValue = 100, PurchasesPerYear = 4, LifespanYears = 5 });
        Assert.Equal(2000, clv.Clv);
    }

    private static Method<byte[], byte[]> RawMethod(MethodType type, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return new Method<byte[], byte[]>(type, parts[0], parts[1], Raw, Raw);
    }

    private Task<byte[]> Unary(string path, byte[] body) =>
        _server.Channel.CreateCallInvoker().AsyncUnaryCall(RawMethod(MethodType.Unary, path), null, new CallOptions(), body).ResponseAsync;

    private static void AssertUnparseable(RpcException error)
    {
        Assert.StartsWith("the request message could not be parsed: ", error.Status.Detail, StringComparison.Ordinal);
        var violation = Assert.Single(FieldViolations(error));
        Assert.Equal("", violation.Field);
        Assert.StartsWith("the request message could not be parsed: ", violation.Description, StringComparison.Ordinal);
        Assert.Equal((int)Code.InvalidArgument, error.GetRpcStatus()!.Code);
    }

    /// <summary>The failure is logged, naming the method, and nothing in the log carries a stack trace.</summary>
    private void AssertLoggedWithoutStackTrace(string path)
    {
        var entries = _log.Entries;
        Assert.Contains(entries, e => e.Message.Contains(path.TrimStart('/'), StringComparison.Ordinal)
            && e.Message.Contains("could not be parsed", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Error);
        Assert.All(entries, e => Assert.DoesNotContain("   at ", e.Text, StringComparison.Ordinal));
    }
}
