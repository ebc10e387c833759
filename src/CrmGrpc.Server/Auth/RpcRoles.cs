using CrmGrpc.Contracts.V1;

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
        [Path(CustomerService.Descriptor, nameof(CustomerService.CustomerServiceBase.CreateCustomer))] = Role.Writer,
        [Path(CustomerService.Descriptor, nameof(CustomerService.CustomerServiceBase.GetCustomer))] = Role.Reader,
        [Path(CustomerService.Descriptor, nameof(CustomerService.CustomerServiceBase.UpdateCustomer))] = Role.Writer,
        [Path(CustomerService.Descriptor, nameof(CustomerService.CustomerServiceBase.ListCustomers))] = Role.Reader,
        [Path(CustomerService.Descriptor, nameof(CustomerService.CustomerServiceBase.ImportCustomers))] = Role.Writer,
        [Path(CustomerService.Descriptor, nameof(CustomerService.CustomerServiceBase.DeleteCustomer))] = Role.Admin,

        [Path(TransactionService.Descriptor, nameof(TransactionService.TransactionServiceBase.RecordTransaction))] = Role.Writer,
        [Path(TransactionService.Descriptor, nameof(TransactionService.TransactionServiceBase.ListTransactions))] = Role.Reader,
        [Path(TransactionService.Descriptor, nameof(TransactionService.TransactionServiceBase.ImportTransactions))] = Role.Writer,

        [Path(EngagementService.Descriptor, nameof(EngagementService.EngagementServiceBase.ImportMarketingSpend))] = Role.Writer,
        [Path(EngagementService.Descriptor, nameof(EngagementService.EngagementServiceBase.ImportSurveyResponses))] = Role.Writer,
        [Path(EngagementService.Descriptor, nameof(EngagementService.EngagementServiceBase.ImportSupportInteractions))] = Role.Writer,
        [Path(EngagementService.Descriptor, nameof(EngagementService.EngagementServiceBase.ImportActivityEvents))] = Role.Writer,
        [Path(EngagementService.Descriptor, nameof(EngagementService.EngagementServiceBase.RecordCrmChange))] = Role.Writer,
        [Path(EngagementService.Descriptor, nameof(EngagementService.EngagementServiceBase.ListCrmChanges))] = Role.Reader,

        [Path(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.CalculateClv))] = Role.Reader,
        [Path(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetPortfolioMetrics))] = Role.Reader,
        [Path(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetMetricSeries))] = Role.Reader,
        [Path(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetCustomerMetrics))] = Role.Reader,
        [Path(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.StreamCustomerMetrics))] = Role.Reader,
        [Path(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetCohortRetention))] = Role.Reader,
        [Path(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.SegmentCustomers))] = Role.Reader,
        [Path(MetricsService.Descriptor, nameof(MetricsService.MetricsServiceBase.GetDataQualityReport))] = Role.Reader,

        [Path(ModelService.Descriptor, nameof(ModelService.ModelServiceBase.FitModels))] = Role.Writer,
        [Path(ModelService.Descriptor, nameof(ModelService.ModelServiceBase.CreateModel))] = Role.Writer,
        [Path(ModelService.Descriptor, nameof(ModelService.ModelServiceBase.GetModel))] = Role.Reader,
        [Path(ModelService.Descriptor, nameof(ModelService.ModelServiceBase.ListModels))] = Role.Reader,
        [Path(ModelService.Descriptor, nameof(ModelService.ModelServiceBase.GetPredictionGrid))] = Role.Reader,

        [Path(UpliftService.Descriptor, nameof(UpliftService.UpliftServiceBase.MeasureUplift))] = Role.Reader,

        [Path(AdminService.Descriptor, nameof(AdminService.AdminServiceBase.BackupDatabase))] = Role.Admin,

        // Health is for load balancers and orchestrators, which hold no key.
        [Path(Grpc.Health.V1.Health.Descriptor, nameof(Grpc.Health.V1.Health.HealthBase.Check))] = Role.None,
        [Path(Grpc.Health.V1.Health.Descriptor, nameof(Grpc.Health.V1.Health.HealthBase.Watch))] = Role.None,

        // Reflection describes the whole contract: a reader's, not a stranger's.
        [Path(Grpc.Reflection.V1.ServerReflection.Descriptor, nameof(Grpc.Reflection.V1.ServerReflection.ServerReflectionBase.ServerReflectionInfo))] = Role.Reader,
        [Path(Grpc.Reflection.V1Alpha.ServerReflection.Descriptor, nameof(Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionBase.ServerReflectionInfo))] = Role.Reader,
    };

    /// <summary>The role <paramref name="methodPath"/> needs; <see cref="Role.Admin"/> for a path not in the table.</summary>
    public static Role For(string methodPath) => Required.TryGetValue(methodPath, out var role) ? role : Role.Admin;

    public static string Path(Google.Protobuf.Reflection.ServiceDescriptor service, string method) => $"/{service.FullName}/{method}";
}
