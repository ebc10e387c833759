using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CrmGrpc.Server.Hosting;

/// <summary>The web endpoint's settings (section <c>Crm:Web</c>; <c>--web-urls</c>).</summary>
public sealed class WebOptions
{
    public const string SectionName = "Crm:Web";

    /// <summary>The web endpoint when <c>Crm:Web:Urls</c> is not configured at all: loopback, beside the gRPC default.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The value of <c>Crm:Web:Urls</c> (<c>--web-urls none</c>) that turns the web endpoint off.</summary>
    public const string None = "none";

    /// <summary>
    /// URLs of the web endpoints, <c>;</c>-separated (e.g. <c>http://127.0.0.1:5080</c>); <see cref="None"/> or empty: no web
    /// endpoint; not configured: <see cref="DefaultUrl"/>.
    /// </summary>
    [MaxLength(4096)]
    public string Urls { get; set; } = "";
}

/// <summary>What an endpoint serves: gRPC (HTTP/2 only) or the web routes (HTTP/1.1 and HTTP/2).</summary>
public enum EndpointKind
{
    Grpc,
    Web,
}

/// <summary>One URL the server binds itself, and what it serves.</summary>
public sealed record PlannedUrl(string Url, EndpointKind Kind);

/// <summary>
/// Every endpoint the server binds in code: the gRPC URLs (<c>--urls</c> / <c>urls</c>, the default when neither they nor
/// <c>Kestrel:Endpoints</c> are set) and the web URLs (<c>Crm:Web:Urls</c>). Kestrel ignores <c>urls</c> once any endpoint is
/// bound in code, so both kinds are bound here; endpoints of <c>Kestrel:Endpoints</c> are still bound by Kestrel itself and
/// serve gRPC. A web endpoint's connections carry <see cref="WebConnectionFeature"/>, which is how a request knows where it
/// came in (<see cref="EndpointSeparationMiddleware"/>). Once started, the real addresses (port 0 resolved) are logged, a
/// web one as "Web endpoint listening on: …".
/// </summary>
public sealed partial class ServerEndpoints(IReadOnlyList<PlannedUrl> planned, X509Certificate2? certificate)
{
    private const string KestrelEndpointsSection = "Kestrel:Endpoints";

    private readonly List<BoundEndpoint> _bound = [];

    public IReadOnlyList<PlannedUrl> Planned => planned;

    /// <summary>The gRPC endpoints' addresses, once the server has started.</summary>
    public IReadOnlyList<string> GrpcAddresses => Addresses(EndpointKind.Grpc);

    /// <summary>The web endpoints' addresses, once the server has started; empty without a web endpoint.</summary>
    public IReadOnlyList<string> WebAddresses => Addresses(EndpointKind.Web);

    /// <summary>
    /// The URLs bound in code, gRPC first (scripts that read Kestrel's first "Now listening on" find gRPC). Without any
    /// <c>Crm:Web:Urls</c> the web endpoint is <see cref="WebOptions.DefaultUrl"/>; test hosts and scripts pass
    /// <c>--web-urls none</c> or a port-0 URL, never leaving it to this default (a fixed port, and they run in parallel).
    /// </summary>
    public static IReadOnlyList<PlannedUrl> Plan(IConfiguration configuration)
    {
        var grpc = Split(configuration[WebHostDefaults.ServerUrlsKey]);
        if (KestrelEndpointUrls(configuration).Count > 0)
        {
            grpc = []; // as Kestrel did before: its configured endpoints win over urls
        }
        else if (grpc.Count == 0)
        {
            grpc = [CrmServerApp.DefaultUrl];
        }

        var web = configuration[$"{WebOptions.SectionName}:{nameof(WebOptions.Urls)}"] switch
        {
            null => [WebOptions.DefaultUrl], // the README's plain run command serves the web endpoint too
            var urls when string.Equals(urls.Trim(), WebOptions.None, StringComparison.OrdinalIgnoreCase) => [],
            var urls => Split(urls),
        };
        return [.. grpc.Select(url => new PlannedUrl(url, EndpointKind.Grpc)), .. web.Select(url => new PlannedUrl(url, EndpointKind.Web))];
    }

    /// <summary>The URLs of the endpoints configured under <c>Kestrel:Endpoints</c> (Kestrel binds those; they serve gRPC).</summary>
    public static IReadOnlyList<string> KestrelEndpointUrls(IConfiguration configuration) =>
        [.. configuration.GetSection(KestrelEndpointsSection).GetChildren().Select(e => e["Url"]).OfType<string>()];

    /// <summary>Binds every planned URL on <paramref name="kestrel"/>; https ones with the default certificate.</summary>
    public void Listen(KestrelServerOptions kestrel)
    {
        foreach (var url in planned)
        {
            var address = BindingAddress.Parse(url.Url);
            var https = string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase);
            void Configure(ListenOptions listen)
            {
                // gRPC without TLS needs HTTP/2 with prior knowledge (h2c); with TLS it negotiates h2 by ALPN. The web
                // endpoint speaks HTTP/1.1 to browsers and scrapers, and HTTP/2 too where TLS lets it negotiate (Kestrel
                // cannot offer both on a plain connection).
                listen.Protocols = url.Kind == EndpointKind.Grpc ? HttpProtocols.Http2
                    : https ? HttpProtocols.Http1AndHttp2
                    : HttpProtocols.Http1;
                if (https)
                {
                    listen.UseHttps(certificate ?? throw new InvalidOperationException($"{url.Url} is https but no certificate was loaded"));
                }

                if (url.Kind == EndpointKind.Web)
                {
                    listen.Use(next => connection =>
                    {
                        connection.Features.Set(WebConnectionFeature.Instance);
                        return next(connection);
                    });
                }

                lock (_bound)
                {
                    _bound.Add(new BoundEndpoint(listen, url.Kind, address));
                }
            }

            var host = address.Host.Trim('[', ']');
            if (address.IsUnixPipe)
            {
                kestrel.ListenUnixSocket(address.UnixPipePath, Configure);
            }
            else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                kestrel.ListenLocalhost(address.Port, Configure);
            }
            else if (IPAddress.TryParse(host, out var ip))
            {
                kestrel.Listen(ip, address.Port, Configure);
            }
            else
            {
                // "*", "+" or a host name: every interface, as Kestrel does for urls it cannot resolve to one address.
                kestrel.ListenAnyIP(address.Port, Configure);
            }
        }
    }

    /// <summary>Logs each bound endpoint's real address; called once the server has started.</summary>
    public void LogAddresses(ILogger logger)
    {
        foreach (var address in GrpcAddresses)
        {
            LogGrpcEndpoint(logger, address);
        }

        foreach (var address in WebAddresses)
        {
            LogWebEndpoint(logger, address);
        }
    }

    private IReadOnlyList<string> Addresses(EndpointKind kind)
    {
        lock (_bound)
        {
            return [.. _bound.Where(b => b.Kind == kind).Select(b => b.Address)];
        }
    }

    private static List<string> Split(string? urls) =>
        [.. (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    [LoggerMessage(Level = LogLevel.Information, Message = "gRPC endpoint listening on: {Address}")]
    private static partial void LogGrpcEndpoint(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Web endpoint listening on: {Address}")]
    private static partial void LogWebEndpoint(ILogger logger, string address);

    /// <summary>A bound endpoint; Kestrel writes the port it was given into <see cref="ListenOptions.EndPoint"/> once bound (port 0).</summary>
    private sealed record BoundEndpoint(ListenOptions Listen, EndpointKind Kind, BindingAddress Configured)
    {
        public string Address => Listen.EndPoint switch
        {
            // localhost is bound as two addresses (IPv4 and IPv6) on the port it was given: shown as configured.
            IPEndPoint ip when ip.Port != 0 && !string.Equals(Configured.Host, "localhost", StringComparison.OrdinalIgnoreCase) =>
                string.Create(CultureInfo.InvariantCulture, $"{Configured.Scheme}://{ip}"),
            _ => Configured.ToString(), // a Unix socket, or localhost
        };
    }
}

/// <summary>Set on each connection of a web endpoint; requests read it through their features.</summary>
public sealed class WebConnectionFeature
{
    public static readonly WebConnectionFeature Instance = new();

    private WebConnectionFeature()
    {
    }

    public static bool IsWeb(HttpContext context) => context.Features.Get<WebConnectionFeature>() is not null;
}
