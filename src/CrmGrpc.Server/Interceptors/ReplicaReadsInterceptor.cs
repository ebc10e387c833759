using CrmGrpc.Contracts.V1;
using CrmGrpc.Data;
using CrmGrpc.Server.Services;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CrmGrpc.Server.Interceptors;

/// <summary>
/// Lets the calls that read the whole book use the store's streaming replica (<see cref="ReplicaReads"/>), unless the caller
/// sends <c>x-crm-read-primary: true</c> to read what it has just written. Every other call reads the primary.
/// </summary>
public sealed class ReplicaReadsInterceptor : Interceptor
{
    /// <summary>The request header with which a caller asks a heavy read to see everything committed before it.</summary>
    public const string ReadPrimaryHeader = "x-crm-read-primary";

    /// <summary>The calls whose reads may lag the primary by the replica's replay delay.</summary>
    public static readonly IReadOnlySet<string> ReplicaMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        RpcPath.Of(ModelService.Descriptor, nameof(ModelService.ModelServiceBase.FitModels)),
        RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.StreamCustomerMetrics)),
        RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.SegmentCustomers)),
        RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetPortfolioMetrics)),
        RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetMetricSeries)),
        RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetCohortRetention)),
    };

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        AllowReplicaFor(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        AllowReplicaFor(context);
        return continuation(request, responseStream, context);
    }

    private static void AllowReplicaFor(ServerCallContext context)
    {
        if (ReplicaMethods.Contains(context.Method) && !WantsPrimary(context.RequestHeaders))
        {
            ReplicaReads.Allow();
        }
    }

    private static bool WantsPrimary(Metadata headers) =>
        headers.GetValue(ReadPrimaryHeader) is { } value
        && (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1");
}
