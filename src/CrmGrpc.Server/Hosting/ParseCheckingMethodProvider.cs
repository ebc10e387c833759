using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;
using CrmGrpc.Server.Errors;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmGrpc.Server.Hosting;

/// <summary>
/// Binds each gRPC service (ours, health and reflection) as grpc-dotnet's own binder does, but with a request
/// marshaller that turns a message that does not parse into INVALID_ARGUMENT
/// (<see cref="Statuses.Unparseable"/>). grpc-dotnet reads a unary or server-streaming request before any
/// interceptor runs, and reports any exception of the deserializer as UNKNOWN with two logged stack traces; an
/// <see cref="RpcException"/> from the deserializer becomes its status instead. Client streams read inside the
/// handler, through the same marshaller.
/// </summary>
/// <remarks>
/// Replaces grpc-dotnet's internal <c>BinderServiceMethodProvider&lt;&gt;</c> (<see cref="ParseCheckingRegistration"/>): the
/// generated <c>BindService(ServiceBinderBase, TServiceBase)</c>, found through its
/// <see cref="BindServiceMethodAttribute"/>, is called with a binder that adds each method to the
/// <see cref="ServiceMethodProviderContext{TService}"/>, its invoker bound to the service's override.
/// </remarks>
public sealed partial class ParseCheckingMethodProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TService>(
    ILogger<ParseCheckingMethodProvider<TService>> logger)
    : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var (bindMethod, serviceBase) = FindBindMethod();
        if (bindMethod is null)
        {
            return; // not a generated service (grpc-dotnet's binder does the same)
        }

        try
        {
            bindMethod.Invoke(null, [new Binder(context, serviceBase!, logger), null]);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw new InvalidOperationException($"Error binding gRPC service '{typeof(TService).Name}'.", exception.InnerException);
        }
    }

    /// <summary>The static bind method named by <see cref="BindServiceMethodAttribute"/> on the service or a base, and that base.</summary>
    private static (MethodInfo? Method, Type? ServiceBase) FindBindMethod()
    {
        for (Type? type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } bind)
            {
                var method = bind.BindType.GetMethod(
                    bind.BindMethodName, BindingFlags.Public | BindingFlags.Static, binder: null, [typeof(ServiceBinderBase), type], modifiers: null);
                return (method, type);
            }
        }

        return (null, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method}: the request message could not be parsed: {Reason}")]
    private static partial void LogUnparseable(ILogger logger, string method, string reason);

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type serviceBase, ILogger logger) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Checked(method), Metadata(out var invoker, method.Name, typeof(TRequest), typeof(ServerCallContext)),
                Invoker<Grpc.AspNetCore.Server.Model.UnaryServerMethod<TService, TRequest, TResponse>>(invoker));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Checked(method),
                Metadata(out var invoker, method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)),
                Invoker<Grpc.AspNetCore.Server.Model.ServerStreamingServerMethod<TService, TRequest, TResponse>>(invoker));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Checked(method),
                Metadata(out var invoker, method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)),
                Invoker<Grpc.AspNetCore.Server.Model.ClientStreamingServerMethod<TService, TRequest, TResponse>>(invoker));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Checked(method),
                Metadata(out var invoker, method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)),
                Invoker<Grpc.AspNetCore.Server.Model.DuplexStreamingServerMethod<TService, TRequest, TResponse>>(invoker));

        /// <summary>The method with a request marshaller that reports a message that does not parse as INVALID_ARGUMENT.</summary>
        private Method<TRequest, TResponse> Checked<TRequest, TResponse>(Method<TRequest, TResponse> method)
        {
            var original = method.RequestMarshaller;
            var fullName = method.FullName;
            var marshaller = new Marshaller<TRequest>(original.ContextualSerializer, deserialization =>
            {
                try
                {
                    return original.ContextualDeserializer(deserialization);
                }
                catch (Exception exception) when (exception is InvalidProtocolBufferException or DecoderFallbackException)
                {
                    LogUnparseable(logger, fullName, exception.Message);
                    throw Statuses.Unparseable(exception.Message);
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
        }

        /// <summary>
        /// The endpoint metadata grpc-dotnet gives a method: the service type's attributes, then the handler's (higher
        /// priority), then POST with CORS preflight accepted.
        /// </summary>
        private List<object> Metadata(out MethodInfo handler, string name, params Type[] parameters)
        {
            handler = FindHandler(name, parameters)
                ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return metadata;
        }

        private static TDelegate Invoker<TDelegate>(MethodInfo handler)
            where TDelegate : Delegate =>
            (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler);

        /// <summary>
        /// The public instance method overriding the generated base's virtual one; a method that hides it with the
        /// same name is skipped. An RPC not overridden binds the base's, which answers UNIMPLEMENTED.
        /// </summary>
        private MethodInfo? FindHandler(string name, Type[] parameters)
        {
            for (Type? type = typeof(TService); type is not null; type = type.BaseType)
            {
                var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, binder: null, parameters, modifiers: null);
                if (method is null)
                {
                    return null;
                }

                if (method.IsVirtual && method.GetBaseDefinition().DeclaringType == serviceBase)
                {
                    return method;
                }
            }

            return null;
        }
    }
}

/// <summary>Registers <see cref="ParseCheckingMethodProvider{TService}"/> in place of grpc-dotnet's binder.</summary>
public static class ParseCheckingRegistration
{
    private const string ReplacedProvider = "BinderServiceMethodProvider`1";

    /// <summary>
    /// Swaps grpc-dotnet's binder for this one. Call after every AddGrpc* registration; throws when the binder is
    /// not registered (a grpc-dotnet upgrade that renamed it must not leave two providers binding each method).
    /// </summary>
    public static IServiceCollection ReplaceGrpcBinderWithParseChecking(this IServiceCollection services)
    {
        var grpcAssembly = typeof(GrpcServiceOptions).Assembly;
        var original = services.SingleOrDefault(d =>
            d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType is { Name: ReplacedProvider } type && type.Assembly == grpcAssembly)
            ?? throw new InvalidOperationException($"grpc-dotnet's {ReplacedProvider} is not registered: call AddGrpc first.");
        services.Remove(original);
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(ParseCheckingMethodProvider<>)));
        return services;
    }
}
