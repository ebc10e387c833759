using CrmGrpc.Server.Telemetry;
using CrmGrpc.Server.Web;
using Grpc.Core;

namespace CrmGrpc.Server.Errors;

/// <summary>
/// Answers a call that middleware refuses before grpc-dotnet reads it (authorization, limits) in the caller's protocol:
/// JSON for a call to the JSON API (<see cref="JsonStatusResponse"/>), else a gRPC trailers-only response (gRPC, and
/// gRPC-Web, whose middleware turns it into gRPC-Web).
/// </summary>
public static class RefusedCall
{
    public static Task WriteAsync(HttpContext context, Google.Rpc.Status status)
    {
        if (!JsonApi.IsJsonCall(context))
        {
            TrailersOnlyResponse.Write(context, status);
            return Task.CompletedTask;
        }

        RpcOutcome.Record(context, (StatusCode)status.Code);
        return JsonStatusResponse.WriteAsync(context, status);
    }
}
