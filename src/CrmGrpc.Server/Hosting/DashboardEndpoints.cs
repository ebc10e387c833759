using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace CrmGrpc.Server.Hosting;

/// <summary>
/// The browser dashboard (web/dashboard, built by scripts/build-dashboard.sh into DashboardBundle/ and embedded in this
/// assembly, so the server serves it without node or npm): <c>/</c> and <c>/index.html</c> answer with the app, and
/// <c>/assets/…</c> with its script and style sheet, named by their hashes; on the web endpoints only.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>The embedded resources' name prefix (the csproj's LogicalName).</summary>
    internal const string ResourcePrefix = "DashboardBundle/";

    /// <summary>index.html is revalidated on every load: it names the current build's asset files.</summary>
    internal const string IndexCacheControl = "no-cache";

    /// <summary>Assets are named by their content's hash, so a name never changes meaning: cached for a year.</summary>
    internal const string AssetCacheControl = "public, max-age=31536000, immutable";

    /// <summary>
    /// The page loads its own script and style only and calls its own origin only. Inline styles are allowed because
    /// ECharts sizes its canvases through style attributes.
    /// </summary>
    internal const string ContentSecurityPolicy =
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static readonly Lazy<DashboardBundle> Bundle = new(() => DashboardBundle.Load(typeof(DashboardEndpoints).Assembly));

    /// <summary>Maps the dashboard's routes, served on the web endpoints only (404 on the gRPC ones).</summary>
    public static WebApplication MapCrmDashboard(this WebApplication app)
    {
        var bundle = Bundle.Value;
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/", methods, (HttpContext context) => bundle.Serve(context, "index.html")).WebOnly().ExcludeFromDescription();
        app.MapMethods("/index.html", methods, (HttpContext context) => bundle.Serve(context, "index.html")).WebOnly().ExcludeFromDescription();
        // An unknown asset is a plain 404, never the page: a script tag given HTML would fail with a confusing error.
        app.MapMethods("/assets/{name}", methods, (HttpContext context, string name) => bundle.Serve(context, "assets/" + name))
            .WebOnly().ExcludeFromDescription();
        return app;
    }
}

/// <summary>One file of the bundle, read once, with its gzip form when that is smaller.</summary>
internal sealed record DashboardFile(byte[] Content, byte[]? Gzipped, string ContentType, string ETag, string CacheControl);

/// <summary>The embedded bundle, held in memory (under a megabyte; gzip computed once at start-up).</summary>
internal sealed class DashboardBundle(FrozenDictionary<string, DashboardFile> files)
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static DashboardBundle Load(Assembly assembly)
    {
        var files = new Dictionary<string, DashboardFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(DashboardEndpoints.ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var path = resource[DashboardEndpoints.ResourcePrefix.Length..];
            var contentType = ContentTypes.TryGetContentType(path, out var known) ? known : "application/octet-stream";
            if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.EndsWith("javascript", StringComparison.Ordinal))
            {
                contentType += "; charset=utf-8";
            }

            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16)) + "\"";
            var cacheControl = path == "index.html" ? DashboardEndpoints.IndexCacheControl : DashboardEndpoints.AssetCacheControl;
            files[path] = new DashboardFile(content, Gzip(content), contentType, etag, cacheControl);
        }

        if (!files.ContainsKey("index.html"))
        {
            // The csproj refuses to build without the bundle; this guards a hand-made build.
            throw new InvalidOperationException($"the dashboard bundle is not embedded ({DashboardEndpoints.ResourcePrefix}index.html missing): run scripts/build-dashboard.sh");
        }

        return new DashboardBundle(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public IResult Serve(HttpContext context, string path)
    {
        if (!files.TryGetValue(path, out var file))
        {
            return Results.NotFound();
        }

        var headers = context.Response.Headers;
        headers.CacheControl = file.CacheControl;
        headers.ETag = file.ETag;
        headers.XContentTypeOptions = "nosniff";
        headers.Vary = HeaderNames.AcceptEncoding;
        if (path == "index.html")
        {
            headers.ContentSecurityPolicy = DashboardEndpoints.ContentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
        }

        if (context.Request.Headers.IfNoneMatch.Contains(file.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var gzip = file.Gzipped is not null && AcceptsGzip(context.Request);
        if (gzip)
        {
            headers.ContentEncoding = "gzip";
        }

        return Results.Bytes(gzip ? file.Gzipped! : file.Content, file.ContentType);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(coding =>
            string.Equals(coding.Value.Value, "gzip", StringComparison.OrdinalIgnoreCase) && (coding.Quality ?? 1) > 0);

    /// <summary>The gzip form of <paramref name="content"/>, or null when it would not be smaller (already compressed).</summary>
    private static byte[]? Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.Length < content.Length ? output.ToArray() : null;
    }
}
