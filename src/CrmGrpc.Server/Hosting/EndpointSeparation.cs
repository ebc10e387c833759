using CrmGrpc.Server.Web;
using Grpc.AspNetCore.Server;

namespace CrmGrpc.Server.Hosting;

/// <summary>Marks a route as a web route: served on the web endpoints (<c>Crm:Web:Urls</c>) only.</summary>
public sealed class WebRouteMetadata
{
    public static readonly WebRouteMetadata Instance = new();

    private WebRouteMetadata()
    {
    }
}

public static class WebRouteExtensions
{
    /// <summary>Serves the route on the web endpoints only (404 on the gRPC endpoints).</summary>
    public static TBuilder WebOnly<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(WebRouteMetadata.Instance);
}

/// <summary>
/// Keeps the two kinds of endpoint apart. Web routes (<see cref="WebRouteMetadata"/>) and the JSON API's routes
/// (<see cref="JsonApi"/>) answer only on web connections. A
/// gRPC method answers plain gRPC on gRPC connections and gRPC-Web (<see cref="GrpcWebRequests"/>) on web connections:
/// gRPC-Web on a gRPC connection, or plain gRPC on a web one, is 404 as if the route did not exist. Every other route
/// (grpc-dotnet's answers for unknown methods) only on gRPC connections. Runs after routing, before authorization, so a
/// request to the wrong port is refused before any other work.
/// </summary>
public sealed class EndpointSeparationMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is { } endpoint && !Serves(endpoint, context))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }

    private static bool Serves(Endpoint endpoint, HttpContext context)
    {
        var web = WebConnectionFeature.IsWeb(context);
        if (endpoint.Metadata.GetMetadata<WebRouteMetadata>() is not null || JsonApi.IsJsonRoute(endpoint))
        {
            return web;
        }

        if (endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is not null)
        {
            return web == GrpcWebRequests.IsGrpcWeb(context.Request);
        }

        return !web;
    }
}

/// <summary>Recognises a gRPC-Web call: a POST of <c>application/grpc-web</c> or <c>application/grpc-web-text</c> (optionally <c>+proto</c>).</summary>
public static class GrpcWebRequests
{
    private const string GrpcWebContentType = "application/grpc-web";

    public static bool IsGrpcWeb(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method) || request.ContentType is not { } contentType
            || !contentType.StartsWith(GrpcWebContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // What follows the prefix must end the type: nothing, "-text", a "+suffix" or parameters.
        var rest = contentType.AsSpan(GrpcWebContentType.Length);
        if (rest.StartsWith("-text", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[5..];
        }

        return rest.IsEmpty || rest[0] is '+' or ';';
    }
}
