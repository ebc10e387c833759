using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Tests.Infrastructure;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CrmGrpc.Server.Tests.Auth;

/// <summary>Three API keys, one per role, as a server's command-line arguments; and raw calls to any method by its path.</summary>
public static class AuthTestSupport
{
    public static readonly IReadOnlyDictionary<Role, string> Keys = new Dictionary<Role, string>
    {
        [Role.Reader] = "reader-" + Guid.NewGuid().ToString("N"),
        [Role.Writer] = "writer-" + Guid.NewGuid().ToString("N"),
        [Role.Admin] = "admin-" + Guid.NewGuid().ToString("N"),
    };

    public static string[] KeyArguments() =>
    [
        .. Keys.SelectMany((pair, i) => new[]
        {
            $"--Crm:Auth:ApiKeys:{i}:Name=the-{Roles.Name(pair.Key)}",
            $"--Crm:Auth:ApiKeys:{i}:KeySha256={ApiKeys.HashHex(pair.Value)}",
            $"--Crm:Auth:ApiKeys:{i}:Role={Roles.Name(pair.Key)}",
        }),
    ];

    /// <summary>Every gRPC method the server maps (ours, health, reflection), from its endpoints.</summary>
    public static IReadOnlyList<IMethod> ServedMethods(InProcessServer server) =>
    [
        .. server.Services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints)
            .Select(endpoint => endpoint.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method)
            .OfType<IMethod>()
            .DistinctBy(method => method.FullName),
    ];

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    /// <summary>
    /// Calls <paramref name="method"/> with one empty request message (none for a client stream) and returns the status
    /// it ended with; a server stream that sends a first message counts as OK.
    /// </summary>
    public static async Task<StatusCode> CallAsync(CallInvoker invoker, IMethod method, string? apiKey)
    {
        var raw = new Method<byte[], byte[]>(method.Type, method.ServiceName, method.Name, Bytes, Bytes);
        var headers = new Metadata();
        if (apiKey is not null)
        {
            headers.Add(CallerAuthenticator.ApiKeyHeader, apiKey);
        }

        var options = new CallOptions(headers, DateTime.UtcNow.AddSeconds(30));
        try
        {
            switch (method.Type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(raw, null, options, []);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(raw, null, options, []))
                    {
                        // The first message, or the status: health's Watch never ends by itself.
                        await call.ResponseStream.MoveNext(CancellationToken.None);
                    }

                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(raw, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }

                    break;
                case MethodType.DuplexStreaming:
                    using (var call = invoker.AsyncDuplexStreamingCall(raw, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }
                    }

                    break;
            }

            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }
}
