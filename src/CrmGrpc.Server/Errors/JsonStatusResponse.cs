using System.Globalization;
using Google.Protobuf;
using Grpc.Core;

namespace CrmGrpc.Server.Errors;

/// <summary>
/// A call refused before it runs, answered as the JSON API answers errors: the gRPC status mapped to its HTTP status, the
/// body <c>{code, message, details}</c> (google.rpc.Status in proto3 JSON); over a limit, <c>Retry-After</c> too.
/// </summary>
public static class JsonStatusResponse
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default
        .WithTypeRegistry(ErrorDetailTypes.Registry)
        .WithFormatDefaultValues(true));

    public static Task WriteAsync(HttpContext context, Google.Rpc.Status status)
    {
        var response = context.Response;
        response.StatusCode = HttpStatusOf((StatusCode)status.Code);
        response.ContentType = "application/json; charset=utf-8";
        if (status.GetDetail<Google.Rpc.RetryInfo>() is { RetryDelay: { } delay })
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(delay.ToTimeSpan().TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return response.WriteAsync(Formatter.Format(status), context.RequestAborted);
    }

    /// <summary>The HTTP status of a gRPC status, as the JSON transcoding of ASP.NET Core maps it (Google's API design guide).</summary>
    public static int HttpStatusOf(StatusCode code) => code switch
    {
        StatusCode.OK => StatusCodes.Status200OK,
        StatusCode.Cancelled => StatusCodes.Status408RequestTimeout,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
