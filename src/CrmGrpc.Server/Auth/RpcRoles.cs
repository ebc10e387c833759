using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Services;

namespace CrmGrpc.Server.Auth;

/// <summary>
/// The role each RPC needs, by its full gRPC path (<c>/crm.v1.CustomerService/GetCustomer</c>). Every method of every
/// service the server maps is named here: a test fails when one is missing (tests/…/Auth/RpcRolesTests.cs). A path
/// not in the table (an unknown method) needs <see cref="Role.Admin"/>, so a forgotten entry fails closed.
/// </summary>
public static class RpcRoles
{
    public static readonly IReadOnlyDictionary<string, Role> Required = new Dictionary<string, Role>(StringComparer.Ordinal)
    {
        [RpcPath.Of(CustomerService.Descriptor, nameof(CustomerService.CustomerServiceBase.CreateCustomer))] = Role.Writer,
        [RpcPath.Of(CustomerService.Descriptor, nameof(CustomerService.CustomerServiceBase.GetCustomer))] = Role.Reader,
        [RpcPath.Of(CustomerService.Descriptor, nameof(CustomerService.CustomerServiceBase.UpdateCustomer))] = Role.Writer,
        [RpcPath.Of(CustomerService.Descriptor, nameof(CustomerService.CustomerServiceBase.ListCustomers))] = Role.Reader,
        [RpcPath.Of(CustomerService.Descriptor, nameof(CustomerService.CustomerServiceBase.ImportCustomers))] = Role.Writer,
        [RpcPath.Of(CustomerService.Descriptor, nameof(CustomerService.CustomerServiceBase.DeleteCustomer))] = Role.Admin,

        [RpcPath.Of(TransactionService.Descriptor, nameof(TransactionService.TransactionServiceBase.RecordTransaction))] = Role.Writer,
        [RpcPath.Of(TransactionService.Descriptor, nameof(TransactionService.TransactionServiceBase.ListTransactions))] = Role.Reader,
        [RpcPath.Of(TransactionService.Descriptor, nameof(TransactionService.TransactionServiceBase.ImportTransactions))] = Role.Writer,

        [RpcPath.Of(EngagementService.Descriptor, nameof(EngagementService.EngagementServiceBase.ImportMarketingSpend))] = Role.Writer,
        [RpcPath.Of(EngagementService.Descriptor, nameof(EngagementService.EngagementServiceBase.ImportSurveyResponses))] = Role.Writer,
        [RpcPath.Of(EngagementService.Descriptor, nameof(EngagementService.EngagementServiceBase.ImportSupportInteractions))] = Role.Writer,
        [RpcPath.Of(EngagementService.Descriptor, nameof(EngagementService.EngagementServiceBase.ImportActivityEvents))] = Role.Writer,
        [RpcPath.Of(EngagementService.Descriptor, nameof(EngagementService.EngagementServiceBase.RecordCrmChange))] = Role.Writer,
        [RpcPath.Of(EngagementService.Descriptor, nameof(EngagementService.EngagementServiceBase.ListCrmChanges))] = Role.Reader,

        [RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.CalculateClv))] = Role.Reader,
        [RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetPortfolioMetrics))] = Role.Reader,
        [RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetMetricSeries))] = Role.Reader,
        [RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetCustomerMetrics))] = Role.Reader,
        [RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.StreamCustomerMetrics))] = Role.Reader,
        [RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetCohortRetention))] = Role.Reader,
        [RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.SegmentCustomers))] = Role.Reader,
        [RpcPath.Of(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetDataQualityReport))] = Role.Reader,

        [RpcPath.Of(ModelService.Descriptor, nameof(ModelService.ModelServiceBase.FitModels))] = Role.Writer,
        [RpcPath.Of(ModelService.Descriptor, nameof(ModelService.ModelServiceBase.CreateModel))] = Role.Writer,
        [RpcPath.Of(ModelService.Descriptor, nameof(ModelService.ModelServiceBase.GetModel))] = Role.Reader,
        [RpcPath.Of(ModelService.Descriptor, nameof(ModelService.ModelServiceBase.ListModels))] = Role.Reader,
        [RpcPath.Of(ModelService.Descriptor, nameof(ModelService.ModelServiceBase.GetPredictionGrid))] = Role.Reader,

        [RpcPath.Of(UpliftService.Descriptor, nameof(UpliftService.UpliftServiceBase.MeasureUplift))] = Role.Reader,

        [RpcPath.Of(AdminService.Descriptor, nameof(AdminService.AdminServiceBase.BackupDatabase))] = Role.Admin,

        // Health is for load balancers and orchestrators, which hold no key.
        [RpcPath.Of(Grpc.Health.V1.Health.Descriptor, nameof(Grpc.Health.V1.Health.HealthBase.Check))] = Role.None,
        [RpcPath.Of(Grpc.Health.V1.Health.Descriptor, nameof(Grpc.Health.V1.Health.HealthBase.Watch))] = Role.None,

        // Reflection describes the whole contract: a reader's, not a stranger's.
        [RpcPath.Of(Grpc.Reflection.V1.ServerReflection.Descriptor, nameof(Grpc.Reflection.V1.ServerReflection.ServerReflectionBase.ServerReflectionInfo))] = Role.Reader,
        [RpcPath.Of(Grpc.Reflection.V1Alpha.ServerReflection.Descriptor, nameof(Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionBase.ServerReflectionInfo))] = Role.Reader,
    };

    /// <summary>The role <paramref name="methodPath"/> needs; <see cref="Role.Admin"/> for a path not in the table.</summary>
    public static Role For(string methodPath) => Required.TryGetValue(methodPath, out var role) ? role : Role.Admin;
}
