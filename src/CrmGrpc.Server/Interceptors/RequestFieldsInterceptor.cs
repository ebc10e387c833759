using CrmGrpc.Domain.Errors;
using CrmGrpc.Server.Mapping;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CrmGrpc.Server.Interceptors;

/// <summary>
/// INVALID_ARGUMENT naming each field of a unary or server-streaming request that no service could take as it is, before
/// any service sees it:
/// <list type="bullet">
/// <item>a timestamp whose nanos or seconds are outside google.protobuf.Timestamp's range (<see cref="ProtoTime.Violations"/>):
/// the mapping to instants would otherwise clamp it;</item>
/// <item>a text holding U+0000 (<see cref="ProtoText.NulViolations"/>): no store keeps one, so it matches nothing and
/// PostgreSQL would refuse the statement.</item>
/// </list>
/// Import rows are checked one by one in the import runner, so a bad row is rejected alone. Runs inside
/// <see cref="ExceptionInterceptor"/>, which maps the exception to the status.
/// </summary>
public sealed class RequestFieldsInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfInvalid(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfInvalid(request);
        return continuation(request, responseStream, context);
    }

    private static void ThrowIfInvalid<TRequest>(TRequest request)
    {
        if (request is not IMessage message)
        {
            return;
        }

        var timestamps = ProtoTime.Violations(message);
        var texts = ProtoText.NulViolations(message);
        if (timestamps.Count + texts.Count > 0)
        {
            throw new InvalidArgumentException([.. timestamps, .. texts]);
        }
    }
}
