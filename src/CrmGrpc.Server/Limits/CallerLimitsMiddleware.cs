using CrmGrpc.Server.Errors;
using Grpc.AspNetCore.Server;
using Grpc.Core;

namespace CrmGrpc.Server.Limits;

/// <summary>
/// Applies <see cref="CallerLimits"/> to every gRPC call but health's, right after the authorization middleware (so the
/// caller is known) and before grpc-dotnet reads the request: a refusal costs no parsing. Over a limit the call ends
/// with RESOURCE_EXHAUSTED and a google.rpc.RetryInfo (trailers-only, or for the JSON API 429 with Retry-After: <see cref="RefusedCall"/>);
/// never UNAVAILABLE, which clients retry by themselves.
/// </summary>
public sealed partial class CallerLimitsMiddleware(RequestDelegate next, CallerLimits limits, ILogger<CallerLimitsMiddleware> logger)
{
    private static readonly string HealthService = Grpc.Health.V1.Health.Descriptor.FullName;

    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method;
        if (!limits.Enabled || method is null || method.ServiceName == HealthService)
        {
            await next(context);
            return;
        }

        var caller = CallerKey(context);
        using (var call = limits.AcquireCall(caller))
        {
            if (call is { IsAcquired: false })
            {
                var delay = CallerLimits.CallRetryDelay(call);
                Refused(caller, method.FullName, "RequestsPerSecond");
                await RefusedCall.WriteAsync(context, Statuses.ResourceExhausted(
                    $"over the limit of {limits.RequestsPerSecond} calls per second (burst {limits.Burst}) per caller (Crm:Limits:RequestsPerSecond); retry after {delay.TotalSeconds:0.0} s",
                    delay));
                return;
            }
        }

        if (method.Type == MethodType.Unary)
        {
            await next(context);
            return;
        }

        using var stream = limits.AcquireStream(caller);
        if (stream is { IsAcquired: false })
        {
            Refused(caller, method.FullName, "ConcurrentStreams");
            await RefusedCall.WriteAsync(context, Statuses.ResourceExhausted(
                $"over the limit of {limits.ConcurrentStreams} streaming calls at once per caller (Crm:Limits:ConcurrentStreams); retry once one has ended",
                CallerLimits.StreamRetryDelay));
            return;
        }

        await next(context);
    }

    /// <summary>
    /// Whom a limit counts: the authenticated caller's name, else the remote address (port left out: one host, one
    /// caller; an IPv4 address seen through a dual-stack socket as ::ffff:a.b.c.d counts as a.b.c.d).
    /// </summary>
    internal static string CallerKey(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? "caller " + name
            : context.Connection.RemoteIpAddress is { } address
                ? "address " + (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)
                : "address unknown";

    // Debug: refusals come at the rate the caller chooses, and a line each would let one caller flood the log.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused {Method} for {Caller}: over Crm:Limits:{Limit}")]
    private partial void Refused(string caller, string method, string limit);
}
