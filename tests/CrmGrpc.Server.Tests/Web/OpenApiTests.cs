using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Api;
using Google.Protobuf.Reflection;

namespace CrmGrpc.Server.Tests.Web;

/// <summary>
/// The OpenAPI document lists every JSON route the protos declare (read from the service descriptors' google.api.http
/// options, so a new route without documentation fails), and /docs serves Swagger UI from local files; both on the web
/// endpoint only.
/// </summary>
public sealed partial class OpenApiTests : IAsyncLifetime, IDisposable
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

    /// <summary>Every RPC of the contract's services, from the generated descriptors.</summary>
    public static IReadOnlyList<MethodDescriptor> ContractMethods() =>
    [
        .. typeof(CustomerService).Assembly.GetTypes()
            .Where(type => type.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(type => type.GetProperty("Descriptor")?.GetValue(null))
            .OfType<FileDescriptor>()
            .Where(file => file.Package == "crm.v1")
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods),
    ];

    /// <summary>Each RPC's route: its HTTP verb and path template.</summary>
    public static (string Verb, string Path)? RouteOf(MethodDescriptor method) =>
        method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is { } rule
            ? rule.PatternCase switch
            {
                HttpRule.PatternOneofCase.Get => ("get", rule.Get),
                HttpRule.PatternOneofCase.Post => ("post", rule.Post),
                HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
                HttpRule.PatternOneofCase.Put => ("put", rule.Put),
                HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
                _ => throw new InvalidOperationException($"{method.FullName}: unexpected pattern {rule.PatternCase}"),
            }
            : null;

    [Fact]
    public void Every_unary_and_server_streaming_RPC_has_a_route_and_no_client_stream_has_one()
    {
        var methods = ContractMethods();
        Assert.True(methods.Count > 25, $"only {methods.Count} methods found");

        foreach (var method in methods)
        {
            Assert.True(method.IsClientStreaming == RouteOf(method) is null, $"{method.FullName}: client streaming {method.IsClientStreaming}, route {RouteOf(method)}");
        }
    }

    [Fact]
    public async Task The_document_lists_every_route_of_the_protos_with_its_verb()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(_server.WebAddress + "/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        var expected = ContractMethods().Select(RouteOf).OfType<(string Verb, string Path)>().ToList();

        var missing = expected.Where(route => !(paths.TryGetProperty(OpenApiPath(route.Path), out var item) && item.TryGetProperty(route.Verb, out _))).ToList();

        Assert.True(missing.Count == 0, "not in /openapi/v1.json: " + string.Join(", ", missing));
        Assert.Equal(expected.Count, paths.EnumerateObject().Sum(path => path.Value.EnumerateObject().Count()));
    }

    [Fact]
    public async Task Routes_are_described_by_their_proto_comments_and_the_api_key_is_a_security_scheme()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(_server.WebAddress + "/openapi/v1.json"));

        var getCustomer = document.RootElement.GetProperty("paths").GetProperty("/v1/customers/{id}").GetProperty("get");
        Assert.Equal("Reads one customer.", getCustomer.GetProperty("summary").GetString());
        Assert.Contains("NOT_FOUND", getCustomer.GetProperty("description").GetString(), StringComparison.Ordinal);
        var customer = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("Customer");
        Assert.Contains("Required", customer.GetProperty("properties").GetProperty("acquiredAt").GetProperty("description").GetString(), StringComparison.Ordinal);
        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Single().Value;
        Assert.Equal("x-api-key", scheme.GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_reference_page_is_served_from_local_files()
    {
        var page = await _http.GetStringAsync(_server.WebAddress + "/docs/index.html");
        Assert.Contains("swagger-ui", page, StringComparison.Ordinal);

        var assets = AssetReference().Matches(page).Select(match => match.Groups[1].Value).ToList();
        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            Assert.DoesNotContain("//", asset, StringComparison.Ordinal); // relative: no CDN
            using var response = await _http.GetAsync(new Uri(new Uri(_server.WebAddress + "/docs/"), asset));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {response.StatusCode}");
        }

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var redirect = await noRedirects.GetAsync(_server.WebAddress + "/docs");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
    }

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs/index.html")]
    public async Task Documentation_is_not_served_on_the_gRPC_endpoint(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _server.Address + path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>A route template as OpenAPI shows it: each variable's field path in JSON names (<c>{customer_id}</c> → <c>{customerId}</c>).</summary>
    private static string OpenApiPath(string template) =>
        Variable().Replace(template, match => "{" + string.Join('.', match.Groups[1].Value.Split('.').Select(JsonName)) + "}");

    private static string JsonName(string protoName) =>
        Regex.Replace(protoName, "_([a-z0-9])", match => match.Groups[1].Value.ToUpperInvariant());

    [GeneratedRegex(@"\{([a-z0-9_.]+)\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"(?:src|href)=""([^""]+)""")]
    private static partial Regex AssetReference();
}
