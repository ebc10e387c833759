using Grpc.Core;

namespace CrmGrpc.Server.Telemetry;

/// <summary>
/// The status a call ended with, kept for <see cref="RpcMetricsMiddleware"/> where the response carries none: a call to the
/// JSON API answers with an HTTP status, which several gRPC statuses share. Set on such calls only; filled by the
/// logging interceptor (every call that reaches the service) and by the middleware that refuses calls.
/// </summary>
public sealed class RpcOutcome
{
    public StatusCode? Status { get; private set; }

    public static void Record(HttpContext context, StatusCode status)
    {
        if (context.Features.Get<RpcOutcome>() is { } outcome)
        {
            outcome.Status = status;
        }
    }
}
