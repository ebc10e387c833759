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

    /// <summary>INVALID_ARGUMENT with a google.rpc.BadRequest listing each field violation.</summary>
    private static RpcException BadRequest(InvalidArgumentException exception)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(exception.Violations.Select(v => new BadRequest.Types.FieldViolation
        {
            Field = v.Field,
            Description = v.Description,
        }));
        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = exception.Message,
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(badRequest) },
        }.ToRpcException();
    }

    private static RpcException Plain(Code code, string message) =>
        new Google.Rpc.Status { Code = (int)code, Message = message }.ToRpcException();
}
