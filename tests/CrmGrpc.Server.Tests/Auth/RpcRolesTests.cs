using System.Reflection;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.Reflection;

namespace CrmGrpc.Server.Tests.Auth;

/// <summary>The RPC → role table names every method: a new RPC without an entry fails here.</summary>
public sealed class RpcRolesTests
{
    /// <summary>Every method of every service of package crm.v1, from the contract's generated file descriptors.</summary>
    private static IEnumerable<MethodDescriptor> ContractMethods() =>
        typeof(CustomerService).Assembly.GetTypes()
            .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .Where(file => file.Package == "crm.v1")
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods);

    [Fact]
    public void Every_method_of_every_crm_v1_service_has_an_entry()
    {
        var methods = ContractMethods().Select(m => CrmGrpc.Server.Services.RpcPath.Of(m.Service, m.Name)).ToList();

        Assert.True(methods.Count >= 26, $"only {methods.Count} methods found in the contract's descriptors");
        var missing = methods.Where(m => !RpcRoles.Required.ContainsKey(m)).ToList();
        Assert.True(missing.Count == 0, $"no entry in RpcRoles for {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task Every_method_the_server_maps_has_an_entry_and_every_entry_is_served()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"));

        var served = AuthTestSupport.ServedMethods(server).Select(m => m.FullName).ToHashSet();

        Assert.Contains("/grpc.health.v1.Health/Check", served);
        Assert.Contains("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", served);
        var missing = served.Where(m => !RpcRoles.Required.ContainsKey(m)).ToList();
        var stale = RpcRoles.Required.Keys.Where(m => !served.Contains(m)).ToList();
        Assert.True(missing.Count == 0, $"no entry in RpcRoles for {string.Join(", ", missing)}");
        Assert.True(stale.Count == 0, $"RpcRoles names methods the server does not map: {string.Join(", ", stale)}");
    }

    [Fact]
    public void Each_crm_v1_method_needs_the_role_its_verb_implies()
    {
        // API.md: reader every read, metric, stream, model read and uplift; writer every import, create, update,
        // record and fit; admin deletes and administration.
        foreach (var method in ContractMethods())
        {
            var expected = method.Name switch
            {
                _ when new[] { "Delete", "Backup" }.Any(v => method.Name.StartsWith(v, StringComparison.Ordinal)) => Role.Admin,
                _ when new[] { "Import", "Create", "Update", "Record", "Fit" }.Any(v => method.Name.StartsWith(v, StringComparison.Ordinal)) => Role.Writer,
                _ when new[] { "Get", "List", "Calculate", "Stream", "Segment", "Measure" }.Any(v => method.Name.StartsWith(v, StringComparison.Ordinal)) => Role.Reader,
                _ => throw new Xunit.Sdk.XunitException($"{method.FullName}: no rule for its verb; add one here and its entry in RpcRoles"),
            };
            Assert.True(expected == RpcRoles.For(CrmGrpc.Server.Services.RpcPath.Of(method.Service, method.Name)), $"{method.FullName} should need {expected}");
        }
    }

    [Fact]
    public void Health_is_open_reflection_needs_a_reader_and_an_unknown_path_an_admin()
    {
        Assert.Equal(Role.None, RpcRoles.For("/grpc.health.v1.Health/Check"));
        Assert.Equal(Role.None, RpcRoles.For("/grpc.health.v1.Health/Watch"));
        Assert.Equal(Role.Reader, RpcRoles.For("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"));
        Assert.Equal(Role.Reader, RpcRoles.For("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"));
        Assert.Equal(Role.Admin, RpcRoles.For("/crm.v1.CustomerService/NoSuchMethod"));
    }
}
