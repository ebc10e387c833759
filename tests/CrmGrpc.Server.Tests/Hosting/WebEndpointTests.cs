using System.Net;
using System.Net.Http.Headers;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Hosting;
using CrmGrpc.Server.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;

namespace CrmGrpc.Server.Tests.Hosting;

/// <summary>The web endpoint beside the gRPC one: each serves its own routes only; both count for the secure-by-default check.</summary>
public sealed class WebEndpointTests : IAsyncLifetime, IDisposable
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
    public void Both_endpoints_report_their_real_ports()
    {
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", _server.Address);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", _server.WebAddress);
        Assert.NotEqual(_server.Address, _server.WebAddress);
        Assert.DoesNotContain(":0", _server.Address.Split("//")[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_served_on_the_web_endpoint_over_HTTP_1_1()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _server.WebAddress + "/metrics") { Version = HttpVersion.Version11 };
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_not_served_on_the_gRPC_endpoint()
    {
        // The gRPC endpoint speaks HTTP/2 only: ask with prior knowledge (h2c), as a gRPC client does.
        using var request = new HttpRequestMessage(HttpMethod.Get, _server.Address + "/metrics")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task gRPC_is_not_served_on_the_web_endpoint()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.WebAddress + "/grpc.health.v1.Health/Check")
        {
            Version = HttpVersion.Version11,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        using var channel = GrpcChannel.ForAddress(_server.WebAddress!);
        var failure = await Assert.ThrowsAsync<RpcException>(async () => await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()));
        Assert.NotEqual(StatusCode.OK, failure.StatusCode);

        // The same call on the gRPC endpoint answers.
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await new Health.HealthClient(_server.Channel).CheckAsync(new HealthCheckRequest())).Status);
    }

    [Fact]
    public void A_web_endpoint_beyond_loopback_without_keys_refuses_the_start()
    {
        using var directory = new TempDirectory();

        var refused = Assert.Throws<StartupRefusedException>(() => CrmServerApp.Build(
            ["--urls", "http://127.0.0.1:0", "--web-urls", "http://127.0.0.1:0;http://0.0.0.0:0", "--db", directory.File("crm.db")]));

        Assert.StartsWith("refusing to start: http://0.0.0.0:0 is not a loopback address", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_checked_URLs_include_the_web_endpoints()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crm:Web:Urls"] = "http://127.0.0.1:5080; http://10.0.0.1:5081",
        }).Build();

        Assert.Equal([CrmServerApp.DefaultUrl, "http://127.0.0.1:5080", "http://10.0.0.1:5081"], CrmServerApp.ListenUrls(configuration));
        Assert.NotNull(AnonymousAccess.Refusal(CrmServerApp.ListenUrls(configuration), new AuthOptions()));
        Assert.Equal(
            [new PlannedUrl(CrmServerApp.DefaultUrl, EndpointKind.Grpc), new PlannedUrl("http://127.0.0.1:5080", EndpointKind.Web), new PlannedUrl("http://10.0.0.1:5081", EndpointKind.Web)],
            ServerEndpoints.Plan(configuration));
    }

    [Fact]
    public async Task With_web_urls_none_there_is_no_web_endpoint()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"), "--web-urls", "none");

        Assert.Null(server.WebAddress);
    }

    [Theory]
    [InlineData(null, new[] { WebOptions.DefaultUrl })]
    [InlineData("none", new string[0])]
    [InlineData(" NONE ", new string[0])]
    [InlineData("", new string[0])]
    [InlineData("http://127.0.0.1:0", new[] { "http://127.0.0.1:0" })]
    public void The_default_web_endpoint_applies_only_when_web_urls_is_not_configured(string? webUrls, string[] expected)
    {
        var settings = new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" };
        if (webUrls is not null)
        {
            settings["Crm:Web:Urls"] = webUrls;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        Assert.Equal(expected, ServerEndpoints.Plan(configuration).Where(u => u.Kind == EndpointKind.Web).Select(u => u.Url));
    }

    [Fact]
    public void The_secure_by_default_check_sees_the_default_web_endpoint()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();

        Assert.Equal([CrmServerApp.DefaultUrl, WebOptions.DefaultUrl], CrmServerApp.ListenUrls(configuration));
        Assert.True(AnonymousAccess.IsLoopback(WebOptions.DefaultUrl));
    }

    [Fact]
    public void The_command_line_turns_the_default_off_or_moves_it()
    {
        Assert.Empty(WebUrlsOf("--web-urls", "none"));
        Assert.Equal(["http://127.0.0.1:0"], WebUrlsOf("--web-urls", "none", "--web-urls", "http://127.0.0.1:0")); // the last one wins
        Assert.Equal([WebOptions.DefaultUrl], WebUrlsOf());

        static IEnumerable<string> WebUrlsOf(params string[] args)
        {
            var configuration = new ConfigurationBuilder().AddCommandLine(args, new Dictionary<string, string> { ["--web-urls"] = "Crm:Web:Urls" }).Build();
            return ServerEndpoints.Plan(configuration).Where(u => u.Kind == EndpointKind.Web).Select(u => u.Url);
        }
    }
}
