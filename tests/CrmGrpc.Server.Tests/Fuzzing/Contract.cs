using System.Reflection;
using CrmGrpc.Contracts.V1;
using Google.Protobuf.Reflection;

namespace CrmGrpc.Server.Tests.Fuzzing;

/// <summary>Every service and method the contracts assembly declares, found through the generated descriptors.</summary>
public static class Contract
{
    public static IReadOnlyList<ServiceDescriptor> Services { get; } = typeof(CustomerService).Assembly.GetTypes()
        .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(property => property?.PropertyType == typeof(ServiceDescriptor))
        .Select(property => (ServiceDescriptor)property!.GetValue(null)!)
        .OrderBy(service => service.FullName, StringComparer.Ordinal)
        .ToList();

    /// <summary>Methods by their gRPC path: <c>/crm.v1.CustomerService/GetCustomer</c>.</summary>
    public static IReadOnlyDictionary<string, MethodDescriptor> Methods { get; } =
        Services.SelectMany(s => s.Methods).ToDictionary(PathOf, StringComparer.Ordinal);

    public static IReadOnlyList<string> FieldNames { get; } = MessageGenerator.FieldNamesOf(Services.Select(s => s.File).Distinct());

    public static string PathOf(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";
}
