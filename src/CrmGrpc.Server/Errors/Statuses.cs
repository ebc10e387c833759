using CrmGrpc.Domain.Errors;
using Google.Rpc;
using Grpc.Core;

namespace CrmGrpc.Server.Errors;

/// <summary>
/// The one place each status code is built from a domain failure (services throw the domain's exceptions;
/// the exception interceptor calls this). Messages are for callers: no internals.
/// </summary>
public static class Statuses
{
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
        var description = $"the request message could not be parsed: {reason}";
        var status = WithBadRequest(description, [new FieldViolation("", description)]);
        return new UnparseableRequestException(status.Status, status.Trailers, reason);
    }

    /// <summary>INVALID_ARGUMENT with a google.rpc.BadRequest listing each field violation.</summary>
    private static RpcException BadRequest(InvalidArgumentException exception) => WithBadRequest(exception.Message, exception.Violations);

    private static RpcException WithBadRequest(string message, IReadOnlyList<FieldViolation> violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation
        {
            Field = v.Field,
            Description = v.Description,
        }));
        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = message,
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(badRequest) },
        }.ToRpcException();
    }

    private static RpcException Plain(Code code, string message) =>
        new Google.Rpc.Status { Code = (int)code, Message = message }.ToRpcException();
}
