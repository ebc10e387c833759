using System.Diagnostics.CodeAnalysis;
using CrmGrpc.Domain.Errors;
using Google.Rpc;
using Grpc.Core;

namespace CrmGrpc.Server.Errors;

/// <summary>The one place each status code is built. Messages are for callers: no internals.</summary>
public static class Statuses
{
    [DoesNotReturn]
    public static void ThrowInvalidArgument(string field, string description) =>
        throw new InvalidArgumentException(field, description);

    [DoesNotReturn]
    public static void ThrowInvalidArgument(IReadOnlyList<FieldViolation> violations) =>
        throw new InvalidArgumentException(violations);

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
