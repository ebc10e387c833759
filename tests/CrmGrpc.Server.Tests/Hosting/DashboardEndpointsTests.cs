using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using CrmGrpc.Server.Hosting;
using CrmGrpc.Server.Tests.Infrastructure;

namespace CrmGrpc.Server.Tests.Hosting;

/// <summary>The embedded dashboard: served at <c>/</c> with its hashed assets on the web endpoint only, cached and compressed.</summary>
public sealed partial class DashboardEndpointsTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();

    // No automatic decompression: the tests look at what the server sends.
    private readonly HttpClient _http = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { Timeout = TimeSpan.FromSeconds(30) };
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
    public async Task The_root_answers_with_the_app_on_the_web_endpoint()
    {
        using var response = await GetAsync(_server.WebAddress + "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains("default-src 'self'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>CrmGrpc dashboard</title>", html, StringComparison.Ordinal);
        Assert.Matches(ScriptTag(), html);
    }

    [Fact]
    public async Task Index_html_is_the_same_page()
    {
        using var root = await GetAsync(_server.WebAddress + "/");
        using var index = await GetAsync(_server.WebAddress + "/index.html");

        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal(await root.Content.ReadAsStringAsync(), await index.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_root_is_not_served_on_the_gRPC_endpoint()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _server.Address + "/")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Assets_are_not_served_on_the_gRPC_endpoint()
    {
        var script = await ScriptPathAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, _server.Address + script)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Every_file_the_page_names_is_served_for_a_year_with_its_type()
    {
        using var page = await GetAsync(_server.WebAddress + "/");
        var html = await page.Content.ReadAsStringAsync();
        var named = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, named.Count); // the script and the style sheet

        foreach (var path in named)
        {
            using var response = await GetAsync(_server.WebAddress + path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(DashboardEndpoints.AssetCacheControl, response.Headers.CacheControl?.ToString());
            Assert.Equal(path.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/css", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 1000, path);
        }
    }

    [Fact]
    public async Task The_script_is_sent_gzipped_to_a_browser_that_accepts_it_and_decompresses_to_the_same_bytes()
    {
        var script = await ScriptPathAsync();
        using var plain = await GetAsync(_server.WebAddress + script);
        using var zipped = await GetAsync(_server.WebAddress + script, request => request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br"));

        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal("gzip", zipped.Content.Headers.ContentEncoding.Single());
        var compressed = await zipped.Content.ReadAsByteArrayAsync();
        var original = await plain.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < original.Length / 2, $"{compressed.Length} of {original.Length} bytes");
        await using var gunzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var restored = new MemoryStream();
        await gunzip.CopyToAsync(restored);
        Assert.Equal(original, restored.ToArray());
        Assert.Contains("Accept-Encoding", zipped.Headers.Vary);
    }

    [Fact]
    public async Task A_client_that_refuses_gzip_gets_the_plain_script()
    {
        var script = await ScriptPathAsync();

        using var response = await GetAsync(_server.WebAddress + script, request => request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip;q=0, identity"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Contains("application/grpc-web+proto", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal); // plain text, not gzip
    }

    [Fact]
    public async Task A_known_version_is_answered_with_304()
    {
        using var first = await GetAsync(_server.WebAddress + "/");
        var etag = first.Headers.ETag!;

        using var again = await GetAsync(_server.WebAddress + "/", request => request.Headers.IfNoneMatch.Add(etag));

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unknown_asset_is_404_not_the_page()
    {
        using var response = await GetAsync(_server.WebAddress + "/assets/app-NOSUCHFILE.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_needs_no_credentials_even_when_calls_do()
    {
        // The app asks for the key when a call is refused; the files themselves are public.
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(
            directory.File("crm.db"),
            "--web-urls", "http://127.0.0.1:0",
            "--Crm:Auth:ApiKeys:0:Name=reader", "--Crm:Auth:ApiKeys:0:Role=reader",
            "--Crm:Auth:ApiKeys:0:KeySha256=" + new string('a', 64));

        using var response = await GetAsync(server.WebAddress + "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string> ScriptPathAsync()
    {
        using var page = await GetAsync(_server.WebAddress + "/");
        return ScriptTag().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
    }

    private async Task<HttpResponseMessage> GetAsync(string? url, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version11 };
        configure?.Invoke(request);
        return await _http.SendAsync(request);
    }

    [GeneratedRegex("""<script type="module" src="(/assets/app-[0-9a-f]+\.js)"></script>""")]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"(?:src|href)=""(/assets/[^""]+)""")]
    private static partial Regex AssetReference();
}
