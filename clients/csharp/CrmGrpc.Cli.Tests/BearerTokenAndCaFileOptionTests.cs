using System.Net;
using CrmGrpc.Cli.Commands;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace CrmGrpc.Cli.Tests;

/// <summary>--bearer-token / $CRM_BEARER_TOKEN sent as authorization: Bearer; --ca-file / $CRM_CA_FILE read; the errors' hints.</summary>
public sealed class BearerTokenAndCaFileOptionTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    private static System.CommandLine.ParseResult Parse(params string[] args) => CrmCommandLine.Create().Parse(args);

    [Fact]
    public void Each_option_wins_over_its_variable_which_is_used_without_it()
    {
        var environment = new Dictionary<string, string?> { ["CRM_BEARER_TOKEN"] = "t-env", ["CRM_CA_FILE"] = "env.pem" };
        string? Env(string name) => environment.GetValueOrDefault(name);
        string? None(string name) => NoEnvironment.GetValueOrDefault(name);

        Assert.Equal("t-opt", GlobalOptions.BearerToken(Parse("customers", "list", "--bearer-token", "t-opt"), Env));
        Assert.Equal("t-env", GlobalOptions.BearerToken(Parse("customers", "list"), Env));
        Assert.Null(GlobalOptions.BearerToken(Parse("customers", "list"), None));
        Assert.Equal("opt.pem", GlobalOptions.CaFile(Parse("--ca-file", "opt.pem", "customers", "list"), Env));
        Assert.Equal("env.pem", GlobalOptions.CaFile(Parse("customers", "list"), Env));
        Assert.Null(GlobalOptions.CaFile(Parse("customers", "list"), None));
    }

    [Fact]
    public void Help_names_the_options_and_their_variables()
    {
        var output = new StringWriter();
        Parse("--help").Invoke(new System.CommandLine.InvocationConfiguration { Output = output });

        var help = output.ToString();
        Assert.Contains("--bearer-token <TOKEN>", help, StringComparison.Ordinal);
        Assert.Contains("$CRM_BEARER_TOKEN", help, StringComparison.Ordinal);
        Assert.Contains("--ca-file <FILE>", help, StringComparison.Ordinal);
        Assert.Contains("$CRM_CA_FILE", help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("https://crm.example.com")]
    public async Task The_token_is_sent_as_a_bearer_authorization_on_every_call(string server)
    {
        var handler = new RecordingHandler();
        using var channel = ServerChannel.Open(new Uri(server), new CallerCredentials(null, "eyJ.token.sig"), trustedCas: null, handler);

        await CallTwiceAsync(channel);

        Assert.Equal(["Bearer eyJ.token.sig", "Bearer eyJ.token.sig"], handler.Authorizations);
        Assert.Equal([null, null], handler.ApiKeys);
    }

    [Fact]
    public async Task A_key_and_a_token_are_both_sent()
    {
        var handler = new RecordingHandler();
        using var channel = ServerChannel.Open(new Uri("https://crm.example.com"), new CallerCredentials("k-1", "tok"), trustedCas: null, handler);

        await CallTwiceAsync(channel);

        Assert.Equal(["Bearer tok", "Bearer tok"], handler.Authorizations);
        Assert.Equal(["k-1", "k-1"], handler.ApiKeys);
    }

    [Fact]
    public void UNAUTHENTICATED_names_both_kinds_of_credentials()
    {
        var console = new TestConsole();

        ErrorReport.Print(console.Console, new RpcException(new Grpc.Core.Status(StatusCode.Unauthenticated, "credentials required")));

        Assert.Contains("--api-key KEY or $CRM_API_KEY", console.Error, StringComparison.Ordinal);
        Assert.Contains("--bearer-token TOKEN or $CRM_BEARER_TOKEN", console.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RESOURCE_EXHAUSTED_with_a_RetryInfo_says_when_to_retry()
    {
        var console = new TestConsole();
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = "over the limit of 5 calls per second",
            Details = { Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(1100)) }) },
        };

        ErrorReport.Print(console.Console, status.ToRpcException());

        Assert.Contains("RESOURCE_EXHAUSTED: over the limit of 5 calls per second", console.Error, StringComparison.Ordinal);
        Assert.Contains("retry after 1.1 s", console.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--batch-size", console.Error, StringComparison.Ordinal);
    }

    private static async Task CallTwiceAsync(Grpc.Net.Client.GrpcChannel channel)
    {
        var client = new CustomerService.CustomerServiceClient(channel);
        for (var i = 0; i < 2; i++)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => client.GetCustomerAsync(new GetCustomerRequest { Id = "c-1" }).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        }
    }

    /// <summary>Records each request's credentials and answers trailers-only UNAUTHENTICATED.</summary>
    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<string?> Authorizations { get; } = [];

        public List<string?> ApiKeys { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (ApiKeys)
            {
                Authorizations.Add(request.Headers.TryGetValues(ServerChannel.AuthorizationHeader, out var tokens) ? tokens.Single() : null);
                ApiKeys.Add(request.Headers.TryGetValues(ServerChannel.ApiKeyHeader, out var keys) ? keys.Single() : null);
            }

            var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, Content = new ByteArrayContent([]) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
            response.Headers.Add("grpc-status", "16");
            response.Headers.Add("grpc-message", "credentials required");
            return Task.FromResult(response);
        }
    }
}
