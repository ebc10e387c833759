using CrmGrpc.Domain.Errors;
using CrmGrpc.Server.Mapping;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CrmGrpc.Server.Interceptors;

/// <summary>
/// INVALID_ARGUMENT naming each timestamp of a unary or server-streaming request whose nanos or seconds are outside
/// google.protobuf.Timestamp's range (<see cref="ProtoTime.Violations"/>), before any service sees it: the mapping
/// to instants would otherwise clamp them. Import rows are checked one by one in the import runner, so a bad row is
/// rejected alone. Runs inside <see cref="ExceptionInterceptor"/>, which maps the exception to the status.
/// </summary>
public sealed class TimestampRangeInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfOutOfRange(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfOutOfRange(request);
        return continuation(request, responseStream, context);
    }

    private static void ThrowIfOutOfRange<TRequest>(TRequest request)
    {
        if (request is IMessage message && ProtoTime.Violations(message) is { Count: > 0 } violations)
        {
            throw new InvalidArgumentException(violations);
        }
    }
}
