using System.Diagnostics;
using Grpc.Core;
using CrmGrpc.Server.Telemetry;
using Grpc.Core.Interceptors;

namespace CrmGrpc.Server.Interceptors;

/// <summary>
/// Logs each call's method, outcome and duration with message templates; the outcome is also kept for the per-RPC
/// metrics of a JSON API call, whose response has no grpc-status to read it from (<see cref="RpcOutcome"/>).
/// </summary>
public sealed partial class LoggingInterceptor(ILogger<LoggingInterceptor> logger) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        Observe(context, () => continuation(request, context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        Observe(context, () => continuation(requestStream, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        Observe(context, async () =>
        {
            await continuation(request, responseStream, context);
            return true;
        });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        Observe(context, async () =>
        {
            await continuation(requestStream, responseStream, context);
            return true;
        });

    private async Task<T> Observe<T>(ServerCallContext context, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call();
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogCompleted(logger, context.Method, StatusCode.OK, elapsed.TotalMilliseconds);
            RpcOutcome.Record(context.GetHttpContext(), StatusCode.OK);
            return result;
        }
        catch (RpcException exception)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogCompleted(logger, context.Method, exception.StatusCode, elapsed.TotalMilliseconds);
            RpcOutcome.Record(context.GetHttpContext(), exception.StatusCode);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} -> {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogCompleted(ILogger logger, string method, StatusCode statusCode, double elapsedMs);
}
