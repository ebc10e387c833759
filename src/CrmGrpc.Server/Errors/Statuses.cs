using System.Globalization;
using CrmGrpc.Domain.Errors;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;

namespace CrmGrpc.Server.Errors;

/// <summary>
/// The one place each status code is built from a domain failure (services throw the domain's exceptions;
/// the exception interceptor calls this). Messages are for callers: no internals. Every status is bounded here,
/// whatever its text echoes: the message, each field and description are cut, and the BadRequest keeps the
/// violations that fit <see cref="MaxBadRequestBytes"/> (status details travel in trailers, and clients refuse
/// metadata over a few KB — gRPC's C core at 8 KB). Worst case, every character three UTF-8 bytes: the details
/// are under 3.9 KB, 5.2 KB in base64, and the message percent-encoded 2.3 KB, so under 8 KB together.
/// </summary>
public static class Statuses
{
    /// <summary>Longest status message, in characters.</summary>
    public const int MaxMessageChars = 256;

    /// <summary>Longest BadRequest field path, in characters.</summary>
    public const int MaxFieldChars = 128;

    /// <summary>Longest BadRequest description, in characters.</summary>
    public const int MaxDescriptionChars = 256;

    /// <summary>Largest serialised BadRequest; further violations are counted in a last one.</summary>
    public const int MaxBadRequestBytes = 3072;

    /// <summary>The status a domain failure maps to.</summary>
    public static RpcException ToRpcException(CrmException exception) => exception switch
    {
        InvalidArgumentException invalid => BadRequest(invalid),
        NotFoundException => Plain(Code.NotFound, exception.Message),
        AlreadyExistsException => Plain(Code.AlreadyExists, exception.Message),
        FailedPreconditionException => Plain(Code.FailedPrecondition, exception.Message),
        _ => Plain(Code.Internal, "internal error"),
    };

    /// <summary>
    /// INVALID_ARGUMENT for a request message that is not valid protobuf (truncated, garbage, a string that is not
    /// UTF-8). No field can be named: the BadRequest has one violation on the whole message (field "").
    /// </summary>
    public static UnparseableRequestException Unparseable(string reason)
    {
        var description = Clip($"the request message could not be parsed: {reason}", MaxDescriptionChars);
        var status = WithBadRequest(Clip(description, MaxMessageChars), [new FieldViolation("", description)]);
        return new UnparseableRequestException(status.Status, status.Trailers, reason);
    }

    /// <summary>
    /// UNAUTHENTICATED: no credentials, or a key that matches none. The message never echoes what was sent; it names
    /// what is expected.
    /// </summary>
    public static Grpc.Core.Status Unauthenticated(bool credentialsSent) => new(
        StatusCode.Unauthenticated,
        credentialsSent ? "the API key or bearer token is not valid" : "credentials required: send an API key in the x-api-key header");

    /// <summary>PERMISSION_DENIED: the caller's role is below the one the method needs.</summary>
    public static Grpc.Core.Status PermissionDenied(string method, string callerRole, string requiredRole) => new(
        StatusCode.PermissionDenied,
        Clip($"{method} needs the {requiredRole} role; the caller has {callerRole}", MaxMessageChars));

    /// <summary>
    /// RESOURCE_EXHAUSTED with a google.rpc.RetryInfo: the caller went over a limit and may try again after
    /// <paramref name="retryDelay"/> (never UNAVAILABLE, which clients retry at once by themselves).
    /// </summary>
    public static Google.Rpc.Status ResourceExhausted(string message, TimeSpan retryDelay) => new()
    {
        Code = (int)Code.ResourceExhausted,
        Message = Clip(message, MaxMessageChars),
        Details = { Google.Protobuf.WellKnownTypes.Any.Pack(new RetryInfo { RetryDelay = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(retryDelay) }) },
    };

    /// <summary>INVALID_ARGUMENT with a google.rpc.BadRequest listing each field violation.</summary>
    private static RpcException BadRequest(InvalidArgumentException exception) =>
        WithBadRequest(Clip(exception.Message, MaxMessageChars), exception.Violations);

    private static RpcException WithBadRequest(string message, IReadOnlyList<FieldViolation> violations)
    {
        var badRequest = new BadRequest();
        var size = 0;
        for (var i = 0; i < violations.Count; i++)
        {
            var violation = new BadRequest.Types.FieldViolation
            {
                Field = Clip(violations[i].Field, MaxFieldChars),
                Description = Clip(violations[i].Description, MaxDescriptionChars),
            };
            var entrySize = CodedOutputStream.ComputeMessageSize(violation) + 1;
            if (size + entrySize > MaxBadRequestBytes - 64 && i > 0)
            {
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
                {
                    Field = "",
                    Description = string.Create(CultureInfo.InvariantCulture, $"{violations.Count - i} more violations not listed"),
                });
                break;
            }

            badRequest.FieldViolations.Add(violation);
            size += entrySize;
        }

        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = message,
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(badRequest) },
        }.ToRpcException();
    }

    private static RpcException Plain(Code code, string message) =>
        new Google.Rpc.Status { Code = (int)code, Message = Clip(message, MaxMessageChars) }.ToRpcException();

    private static string Clip(string text, int maxChars) => Echo.Clip(text, maxChars);
}
