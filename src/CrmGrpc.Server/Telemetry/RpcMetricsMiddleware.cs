using System.Diagnostics;
using System.Globalization;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace CrmGrpc.Server.Telemetry;

/// <summary>
/// Measures every gRPC call (<see cref="CrmMetrics.RecordRpc"/>): a middleware placed before authorization, so calls
/// the authorization middleware refuses (which never reach the interceptors) are counted with their status too. The
/// status is the <c>grpc-status</c> the response carries: in its trailers, or in its headers for a trailers-only
/// response (a refusal, an error before the first message).
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

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            CrmMetrics.RecordRpc(grpc.Method.ServiceName, grpc.Method.Name, StatusOf(context), Stopwatch.GetElapsedTime(started));
        }
    }

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
