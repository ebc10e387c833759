using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Tests.Auth;
using CrmGrpc.Server.Tests.Infrastructure;
using CrmGrpc.Server.Tests.Telemetry;

namespace CrmGrpc.Server.Tests.Web;

/// <summary>
/// The JSON API (gRPC JSON transcoding) on the web endpoint: proto3 JSON, errors as JSON with the HTTP status of their gRPC
/// status and the BadRequest's fields, streams as one JSON object a line, the same authorization, limits and per-RPC
/// metrics as gRPC; never on the gRPC endpoint. Every route with good and bad input: <see cref="JsonRouteTests"/>.
/// </summary>
public sealed class JsonApiTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        _http.Dispose();
        _directory.Dispose();
    }

    private Task<InProcessServer> StartAsync(params string[] args) =>
        InProcessServer.StartAsync(_directory.File("crm.db"), ["--web-urls", "http://127.0.0.1:0", .. args]);

    [Fact]
    public async Task The_three_routes_the_spec_names_answer_in_proto3_JSON()
    {
        await using var server = await StartAsync();
        var id = Rows.Unique("json");
        using (var created = await JsonHttp.SendAsync(_http, HttpMethod.Post, server.WebAddress + "/v1/customers",
            new { id, name = "Ada", acquiredAt = "2024-03-01T00:00:00Z" }))
        {
            Assert.Equal(HttpStatusCode.OK, created.Status);
        }

        using var customer = await JsonHttp.SendAsync(_http, HttpMethod.Get, $"{server.WebAddress}/v1/customers/{id}");
        Assert.Equal(HttpStatusCode.OK, customer.Status);
        Assert.Equal(id, customer.Body.GetProperty("customer").GetProperty("id").GetString());
        Assert.Equal("2024-03-01T00:00:00Z", customer.Body.GetProperty("customer").GetProperty("acquiredAt").GetString()); // lowerCamelCase

        using var clv = await JsonHttp.SendAsync(_http, HttpMethod.Post, server.WebAddress + "/v1/clv:calculate",
            new { averagePurchaseValue = 50, purchasesPerYear = 4, lifespanYears = 3 });
        Assert.Equal(HttpStatusCode.OK, clv.Status);
        Assert.True(clv.Body.GetProperty("clv").GetDouble() > 0, clv.Text);

        using var portfolio = await JsonHttp.SendAsync(_http, HttpMethod.Get,
            server.WebAddress + "/v1/metrics/portfolio?period.start=2024-01-01T00:00:00Z&period.end=2025-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.OK, portfolio.Status);
        // int64 fields are strings in proto3 JSON.
        Assert.Equal(JsonValueKind.String, portfolio.Body.GetProperty("customersAcquired").ValueKind);
        Assert.Equal("1", portfolio.Body.GetProperty("customersAcquired").GetString());
    }

    [Fact]
    public async Task A_bad_field_is_400_with_the_status_and_its_bad_request_as_JSON()
    {
        await using var server = await StartAsync();

        using var response = await JsonHttp.SendAsync(_http, HttpMethod.Post, server.WebAddress + "/v1/clv:calculate",
            new { averagePurchaseValue = -5, purchasesPerYear = 4, lifespanYears = 3 });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(3, response.Body.GetProperty("code").GetInt32());
        Assert.Contains("average_purchase_value", response.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        var detail = Assert.Single(response.Body.GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", detail.GetProperty("@type").GetString());
        var violation = Assert.Single(detail.GetProperty("fieldViolations").EnumerateArray());
        Assert.Equal("average_purchase_value", violation.GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_unknown_id_is_404_and_a_request_that_cannot_be_read_is_400()
    {
        await using var server = await StartAsync();

        using var missing = await JsonHttp.SendAsync(_http, HttpMethod.Get, server.WebAddress + "/v1/customers/nobody");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(5, missing.Body.GetProperty("code").GetInt32());

        using var garbage = await JsonHttp.SendRawAsync(_http, HttpMethod.Post, server.WebAddress + "/v1/clv:calculate", "{\"averagePurchaseValue\": [");
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);
        Assert.Equal(3, garbage.Body.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_server_stream_sends_one_JSON_message_a_line()
    {
        await using var server = await StartAsync();
        var ids = new[] { Rows.Unique("s1"), Rows.Unique("s2") };
        foreach (var id in ids)
        {
            using var created = await JsonHttp.SendAsync(_http, HttpMethod.Post, server.WebAddress + "/v1/customers",
                new { id, name = id, acquiredAt = "2024-03-01T00:00:00Z" });
            Assert.Equal(HttpStatusCode.OK, created.Status);
        }

        using var request = JsonHttp.Request(HttpMethod.Post, server.WebAddress + "/v1/customers/metrics:stream", new { batchSize = 1 });
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var messages = new List<JsonDocument>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                messages.Add(JsonDocument.Parse(line));
            }
        }

        Assert.True(messages[0].RootElement.TryGetProperty("progress", out _));
        Assert.Equal("2", messages[^1].RootElement.GetProperty("progress").GetProperty("done").GetString());
        var streamed = messages.Where(m => m.RootElement.TryGetProperty("batch", out _))
            .Select(m => Assert.Single(m.RootElement.GetProperty("batch").GetProperty("customers").EnumerateArray()).GetProperty("customerId").GetString());
        Assert.Equal(ids.Order(StringComparer.Ordinal), streamed);
        messages.ForEach(m => m.Dispose());
    }

    [Fact]
    public async Task With_keys_configured_no_key_is_401_a_reader_on_a_writer_route_403_and_a_writer_passes()
    {
        await using var server = await StartAsync(AuthTestSupport.KeyArguments());
        var id = Rows.Unique("auth");
        var customer = new { id, name = id, acquiredAt = "2024-03-01T00:00:00Z" };

        using var anonymous = await JsonHttp.SendAsync(_http, HttpMethod.Get, $"{server.WebAddress}/v1/customers/{id}");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal(16, anonymous.Body.GetProperty("code").GetInt32());
        Assert.Contains(CallerAuthenticator.ApiKeyHeader, anonymous.Body.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var reader = await JsonHttp.SendAsync(_http, HttpMethod.Post, server.WebAddress + "/v1/customers", customer, AuthTestSupport.Keys[Role.Reader]);
        Assert.Equal(HttpStatusCode.Forbidden, reader.Status);
        Assert.Equal(7, reader.Body.GetProperty("code").GetInt32());
        // The RPC is named from the route's gRPC method, not from its URL.
        Assert.Contains("/crm.v1.CustomerService/CreateCustomer", reader.Body.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var writer = await JsonHttp.SendAsync(_http, HttpMethod.Post, server.WebAddress + "/v1/customers", customer, AuthTestSupport.Keys[Role.Writer]);
        Assert.Equal(HttpStatusCode.OK, writer.Status);
        using var read = await JsonHttp.SendAsync(_http, HttpMethod.Get, $"{server.WebAddress}/v1/customers/{id}", apiKey: AuthTestSupport.Keys[Role.Reader]);
        Assert.Equal(HttpStatusCode.OK, read.Status);
    }

    [Fact]
    public async Task Over_the_rate_a_JSON_call_is_429_with_Retry_After()
    {
        await using var server = await StartAsync("--Crm:Limits:RequestsPerSecond=1", "--Crm:Limits:Burst=2");

        for (var i = 0; i < 10; i++)
        {
            using var response = await JsonHttp.SendAsync(_http, HttpMethod.Get, server.WebAddress + "/v1/customers/nobody");
            if (response.Status == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal(8, response.Body.GetProperty("code").GetInt32());
                Assert.True(response.RetryAfter >= TimeSpan.FromSeconds(1), response.Text);
                Assert.Equal("type.googleapis.com/google.rpc.RetryInfo",
                    Assert.Single(response.Body.GetProperty("details").EnumerateArray()).GetProperty("@type").GetString());
                return;
            }

            Assert.Equal(HttpStatusCode.NotFound, response.Status);
        }

        Assert.Fail("ten calls at once never went over a rate of one a second with a burst of two");
    }

    [Fact]
    public async Task JSON_routes_are_not_served_on_the_gRPC_endpoint()
    {
        await using var server = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, server.Address + "/v1/customers/nobody")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength); // routing's bare 404, not the RPC's NOT_FOUND
    }

    [Fact]
    public async Task JSON_calls_are_counted_per_RPC_with_their_gRPC_status()
    {
        await using var server = await StartAsync(AuthTestSupport.KeyArguments());
        var key = AuthTestSupport.Keys[Role.Reader];

        using (var invalid = await JsonHttp.SendAsync(_http, HttpMethod.Post, server.WebAddress + "/v1/clv:calculate", new { averagePurchaseValue = -1 }, key))
        using (var refused = await JsonHttp.SendAsync(_http, HttpMethod.Get, server.WebAddress + "/v1/models"))
        using (var failed = await JsonHttp.SendAsync(_http, HttpMethod.Get, server.WebAddress + "/v1/models/nothing", apiKey: key))
        {
            Assert.Equal(
                [HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound],
                [invalid.Status, refused.Status, failed.Status]);
        }

        var text = await Scrape.UntilAsync(_http, server.WebAddress!, "rpc_server_call_duration_seconds_count",
            ("rpc_service", "crm.v1.ModelService"), ("rpc_method", "GetModel"), ("rpc_grpc_status_code", "5"));
        Assert.NotEmpty(Scrape.Samples(text, "rpc_server_call_duration_seconds_count",
            ("rpc_service", "crm.v1.MetricsService"), ("rpc_method", "CalculateClv"), ("rpc_grpc_status_code", "3")));
        Assert.NotEmpty(Scrape.Samples(text, "rpc_server_call_duration_seconds_count",
            ("rpc_service", "crm.v1.ModelService"), ("rpc_method", "ListModels"), ("rpc_grpc_status_code", "16")));
    }
}

/// <summary>JSON over HTTP/1.1, as curl or a browser sends it, and the answer parsed.</summary>
public static class JsonHttp
{
    public static HttpRequestMessage Request(HttpMethod method, string url, object? body = null, string? apiKey = null)
    {
        var request = new HttpRequestMessage(method, url) { Version = HttpVersion.Version11 };
        if (body is not null)
        {
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        if (apiKey is not null)
        {
            request.Headers.Add(CallerAuthenticator.ApiKeyHeader, apiKey);
        }

        return request;
    }

    public static async Task<JsonAnswer> SendAsync(HttpClient http, HttpMethod method, string url, object? body = null, string? apiKey = null)
    {
        using var request = Request(method, url, body, apiKey);
        return await ReadAsync(await http.SendAsync(request));
    }

    /// <summary>Sends <paramref name="json"/> as it is (e.g. not JSON at all).</summary>
    public static Task<JsonAnswer> SendRawAsync(HttpClient http, HttpMethod method, string url, string json) => SendAsync(http, method, url, (object)json);

    private static async Task<JsonAnswer> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {text}");
            return new JsonAnswer(response.StatusCode, text, response.Headers.RetryAfter?.Delta, JsonDocument.Parse(text));
        }
    }
}

/// <summary>An HTTP status and its JSON body.</summary>
public sealed record JsonAnswer(HttpStatusCode Status, string Text, TimeSpan? RetryAfter, JsonDocument Document) : IDisposable
{
    public JsonElement Body => Document.RootElement;

    public void Dispose() => Document.Dispose();

    public override string ToString() => $"{(int)Status} {Text}";
}
