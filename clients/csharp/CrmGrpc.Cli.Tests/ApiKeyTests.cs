using System.Net;
using CrmGrpc.Cli.Commands;
using CrmGrpc.Contracts.V1;
using Grpc.Core;

namespace CrmGrpc.Cli.Tests;

/// <summary>--api-key or $CRM_API_KEY, sent as x-api-key on every call.</summary>
public sealed class ApiKeyTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    private static string? KeyOf(string[] args, IReadOnlyDictionary<string, string?> environment) =>
        GlobalOptions.ApiKey(CrmCommandLine.Create().Parse(args), name => environment.GetValueOrDefault(name));

    [Fact]
    public void The_option_wins_over_the_variable_which_is_used_without_it()
    {
        var environment = new Dictionary<string, string?> { ["CRM_API_KEY"] = "from-env" };

        Assert.Equal("from-option", KeyOf(["customers", "get", "c-1", "--api-key", "from-option"], environment));
        Assert.Equal("from-option", KeyOf(["--api-key", "from-option", "customers", "get", "c-1"], NoEnvironment));
        Assert.Equal("from-env", KeyOf(["customers", "get", "c-1"], environment));
        Assert.Null(KeyOf(["customers", "get", "c-1"], NoEnvironment));
        Assert.Null(KeyOf(["customers", "get", "c-1"], new Dictionary<string, string?> { ["CRM_API_KEY"] = "" }));
    }

    [Fact]
    public void Help_names_the_option_and_the_variable()
    {
        var output = new StringWriter();
        CrmCommandLine.Create().Parse(["--help"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = output });

        Assert.Contains("--api-key <KEY>", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("$CRM_API_KEY", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void UNAUTHENTICATED_says_how_to_give_a_key()
    {
        var console = new TestConsole();

        Output.ErrorReport.Print(console.Console, new RpcException(new Status(StatusCode.Unauthenticated, "credentials required")));

        Assert.Contains("UNAUTHENTICATED: credentials required", console.Error, StringComparison.Ordinal);
        Assert.Contains("--api-key KEY or $CRM_API_KEY", console.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("https://crm.example.com")]
    public async Task The_key_is_sent_as_x_api_key_on_unary_and_streaming_calls(string server)
    {
        var handler = new RecordingHandler();
        using var channel = ServerChannel.Open(new Uri(server), "k-123", handler);

        await CallBothAsync(channel);

        Assert.Equal(2, handler.ApiKeys.Count);
        Assert.All(handler.ApiKeys, key => Assert.Equal("k-123", key));
    }

    [Fact]
    public async Task Without_a_key_no_x_api_key_is_sent()
    {
        var handler = new RecordingHandler();
        using var channel = ServerChannel.Open(new Uri("http://127.0.0.1:5000"), apiKey: null, handler);

        await CallBothAsync(channel);

        Assert.Equal([null, null], handler.ApiKeys);
    }

    private static async Task CallBothAsync(Grpc.Net.Client.GrpcChannel channel)
    {
        var unary = await Assert.ThrowsAsync<RpcException>(
            () => new CustomerService.CustomerServiceClient(channel).GetCustomerAsync(new GetCustomerRequest { Id = "c-1" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, unary.StatusCode);
        using var import = new CustomerService.CustomerServiceClient(channel).ImportCustomers();
        var stream = await Assert.ThrowsAsync<RpcException>(() => import.ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, stream.StatusCode);
    }

    /// <summary>Records each request's x-api-key and answers as the server does without one: a trailers-only UNAUTHENTICATED.</summary>
    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<string?> ApiKeys { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (ApiKeys)
            {
                ApiKeys.Add(request.Headers.TryGetValues(ServerChannel.ApiKeyHeader, out var values) ? values.Single() : null);
            }

            var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, Content = new ByteArrayContent([]) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
            response.Headers.Add("grpc-status", "16");
            response.Headers.Add("grpc-message", "credentials required");
            return Task.FromResult(response);
        }
    }
}
