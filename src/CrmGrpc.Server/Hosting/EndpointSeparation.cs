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
/// Keeps the two kinds of endpoint apart: web routes (<see cref="WebRouteMetadata"/>) answer only on web connections,
/// every other route (the gRPC services, health, reflection) only on gRPC connections; elsewhere 404, as if the route did
/// not exist. Runs after routing, before authorization, so a request to the wrong port is refused before any other work.
/// </summary>
public sealed class EndpointSeparationMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is { } endpoint
            && (endpoint.Metadata.GetMetadata<WebRouteMetadata>() is not null) != WebConnectionFeature.IsWeb(context))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
