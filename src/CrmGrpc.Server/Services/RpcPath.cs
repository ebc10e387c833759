namespace CrmGrpc.Server.Services;

/// <summary>A method's full gRPC path as <see cref="Grpc.Core.ServerCallContext.Method"/> gives it: <c>/crm.v1.CustomerService/GetCustomer</c>.</summary>
public static class RpcPath
{
    public static string Of(Google.Protobuf.Reflection.ServiceDescriptor service, string method) => $"/{service.FullName}/{method}";
}
