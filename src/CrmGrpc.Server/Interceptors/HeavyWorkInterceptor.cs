using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Hosting;
using CrmGrpc.Server.Services;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CrmGrpc.Server.Interceptors;

/// <summary>Runs the calls that read or compute over the whole book through <see cref="HeavyWork"/>; every other call runs as it comes.</summary>
public sealed class HeavyWorkInterceptor(HeavyWork heavy) : Interceptor
{
    /// <summary>The heavy RPCs, by their full gRPC method path.</summary>
    public static readonly IReadOnlySet<string> HeavyMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        RpcPath.Of(ModelService.Descriptor, nameof(ModelService.ModelServiceBase.FitModels)),
        RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.StreamCustomerMetrics)),
        RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.SegmentCustomers)),
        RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetPortfolioMetrics)),
        RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetMetricSeries)),
        RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetCohortRetention)),
        RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetDataQualityReport)),
        RpcPath.Of(UpliftService.Descriptor, nameof(UpliftService.UpliftServiceBase.MeasureUplift)),
        // The copy reads the whole store and writes it again: it waits its turn with the fits, at their low priority.
        RpcPath.Of(AdminService.Descriptor, nameof(AdminService.AdminServiceBase.BackupDatabase)),
    };

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        HeavyMethods.Contains(context.Method)
            ? heavy.RunAsync(() => continuation(request, context), context.CancellationToken)
            : continuation(request, context);

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        HeavyMethods.Contains(context.Method)
            ? heavy.RunAsync(async () =>
            {
                await continuation(request, responseStream, context);
                return true;
            }, context.CancellationToken)
            : continuation(request, responseStream, context);
}
