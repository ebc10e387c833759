using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace CrmGrpc.Server.Tests.Fuzzing;

/// <summary>What a call came back with: its status, the last response message (if any) and the BadRequest detail.</summary>
public sealed record CallOutcome(StatusCode Code, string Detail, IMessage? Response, BadRequest? BadRequest);

/// <summary>
/// Calls any method of the contract from its <see cref="MethodDescriptor"/> alone: messages go through a marshaller
/// built from the descriptor (<see cref="Method{TRequest,TResponse}"/> over <see cref="IMessage"/>), or as raw bytes.
/// Client streams send every message given; server streams are read to the end. Every call has a deadline.
/// </summary>
public static class DynamicCalls
{
    private static readonly Marshaller<byte[]> RawMarshaller = Marshallers.Create(bytes => bytes, bytes => bytes);

    public static MethodType TypeOf(MethodDescriptor method) => (method.IsClientStreaming, method.IsServerStreaming) switch
    {
        (false, false) => MethodType.Unary,
        (true, false) => MethodType.ClientStreaming,
        (false, true) => MethodType.ServerStreaming,
        (true, true) => MethodType.DuplexStreaming,
    };

    public static async Task<CallOutcome> CallAsync(GrpcChannel channel, MethodDescriptor descriptor, IReadOnlyList<IMessage> requests, TimeSpan deadline)
    {
        var method = new Method<IMessage, IMessage>(
            TypeOf(descriptor), descriptor.Service.FullName, descriptor.Name, MarshallerOf(descriptor.InputType), MarshallerOf(descriptor.OutputType));
        return await CallAsync(channel.CreateCallInvoker(), method, requests, deadline);
    }

    public static async Task<CallOutcome> CallRawAsync(GrpcChannel channel, MethodDescriptor descriptor, byte[] body, TimeSpan deadline)
    {
        var method = new Method<byte[], IMessage>(
            TypeOf(descriptor), descriptor.Service.FullName, descriptor.Name, RawMarshaller, MarshallerOf(descriptor.OutputType));
        return await CallAsync(channel.CreateCallInvoker(), method, [body], deadline);
    }

    private static Marshaller<IMessage> MarshallerOf(MessageDescriptor type) =>
        Marshallers.Create<IMessage>(message => message.ToByteArray(), bytes => type.Parser.ParseFrom(bytes));

    private static async Task<CallOutcome> CallAsync<TRequest, TResponse>(
        CallInvoker invoker, Method<TRequest, TResponse> method, IReadOnlyList<TRequest> requests, TimeSpan deadline)
        where TRequest : class
        where TResponse : class
    {
        var options = new CallOptions(deadline: DateTime.UtcNow.Add(deadline));
        try
        {
            TResponse? response = null;
            switch (method.Type)
            {
                case MethodType.Unary:
                    using (var call = invoker.AsyncUnaryCall(method, null, options, requests.Single()))
                    {
                        response = await call.ResponseAsync;
                    }

                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        try
                        {
                            foreach (var request in requests)
                            {
                                await call.RequestStream.WriteAsync(request);
                            }

                            await call.RequestStream.CompleteAsync();
                        }
                        catch (RpcException)
                        {
                            // The server answered before reading everything: its status is in the response.
                        }
                        catch (InvalidOperationException)
                        {
                            // Same, reported as "the call is complete" by the client.
                        }

                        response = await call.ResponseAsync;
                    }

                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, requests.Single()))
                    {
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                            response = call.ResponseStream.Current;
                        }
                    }

                    break;
                default:
                    throw new NotSupportedException($"{method.FullName}: duplex streaming is not fuzzed");
            }

            return new CallOutcome(StatusCode.OK, "", response as IMessage, null);
        }
        catch (RpcException exception)
        {
            return new CallOutcome(exception.StatusCode, exception.Status.Detail, null, exception.GetRpcStatus()?.GetDetail<BadRequest>());
        }
    }
}
