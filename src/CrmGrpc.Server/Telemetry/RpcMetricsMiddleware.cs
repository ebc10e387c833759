using System.Diagnostics;
using System.Globalization;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using CrmGrpc.Server.Web;
using Microsoft.AspNetCore.Http.Features;

namespace CrmGrpc.Server.Telemetry;

/// <summary>
/// Measures every gRPC call (<see cref="CrmMetrics.RecordRpc"/>): a middleware placed before authorization, so calls
/// the authorization middleware refuses (which never reach the interceptors) are counted with their status too. The
/// status is the <c>grpc-status</c> the response carries: in its trailers, or in its headers for a trailers-only
/// response (a refusal, an error before the first message). A call to the JSON API carries no grpc-status: its status is
/// the one <see cref="RpcOutcome"/> kept, else (a request the transcoding could not read) the one its HTTP status stands for.
/// </summary>
public sealed class RpcMetricsMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } grpc)
        {
            await next(context);
            return;
        }

        var outcome = JsonApi.IsJsonCall(context) ? new RpcOutcome() : null;
        if (outcome is not null)
        {
            context.Features.Set(outcome);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var status = outcome is null ? StatusOf(context) : (int)(outcome.Status ?? JsonStatusOf(context));
            CrmMetrics.RecordRpc(grpc.Method.ServiceName, grpc.Method.Name, status, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// The status of a JSON call that ended before the service ran: the transcoding refuses a request it cannot read as
    /// INVALID_ARGUMENT (400).
    /// </summary>
    private static StatusCode JsonStatusOf(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status200OK => StatusCode.OK,
        StatusCodes.Status400BadRequest => StatusCode.InvalidArgument,
        _ when context.RequestAborted.IsCancellationRequested => StatusCode.Cancelled,
        _ => StatusCode.Unknown,
    };

    private static int StatusOf(HttpContext context)
    {
        var status = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers?["grpc-status"] is { Count: > 0 } trailer
            ? trailer
            : context.Response.Headers["grpc-status"];
        if (int.TryParse(status.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return code;
        }

        // No status written: the client went away (grpc-dotnet writes none to a reset stream), or the pipeline threw.
        return (int)(context.RequestAborted.IsCancellationRequested ? StatusCode.Cancelled : StatusCode.Unknown);
    }
}
