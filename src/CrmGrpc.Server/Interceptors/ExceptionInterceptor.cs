using CrmGrpc.Data;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Server.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CrmGrpc.Server.Interceptors;

/// <summary>
/// Turns exceptions into statuses: domain failures into their codes, cancellation into CANCELLED, a store that cannot be
/// reached (PostgreSQL away) into UNAVAILABLE, and anything else into a bare INTERNAL — the details go to the log, never
/// to the caller (no SQL, no stack).
/// </summary>
public sealed partial class ExceptionInterceptor(IStoreFaults storeFaults, ILogger<ExceptionInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw Translate(exception, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw Translate(exception, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw Translate(exception, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw Translate(exception, context);
        }
    }

    private RpcException Translate(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case CrmException crm:
                return Statuses.ToRpcException(crm);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return context.Deadline <= DateTime.UtcNow
                    ? new RpcException(new Status(StatusCode.DeadlineExceeded, "deadline exceeded"))
                    : new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
            case var _ when storeFaults.IsUnstorableText(exception):
                return new RpcException(new Status(StatusCode.InvalidArgument, "a text of the request holds a character the store cannot keep (NUL)"));
            case var _ when storeFaults.IsUnavailable(exception):
                LogStoreUnavailable(logger, context.Method, exception.Message);
                return new RpcException(new Status(StatusCode.Unavailable, "the store cannot be reached now; retry later"));
            default:
                LogUnhandled(logger, exception, context.Method);
                return new RpcException(new Status(StatusCode.Internal, $"internal error (trace {context.GetHttpContext().TraceIdentifier})"));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store could not be reached in {Method}: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, string method, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in {Method}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method);
}
