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
/// </summary>
/// <remarks>
/// Client streams send every message given; server streams are read to the end. Every call has a deadline, and a
/// client-side cut-off a little after it: a client stream whose server answered RESOURCE_EXHAUSTED (a message over the
/// size limit) was seen to leave the client's write waiting past the deadline. Such a call counts as DEADLINE_EXCEEDED
/// with <see cref="ClientCutOff"/> in its detail.
/// </remarks>
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

    public const string ClientCutOff = "no answer by the client-side cut-off";

    private static async Task<CallOutcome> CallAsync<TRequest, TResponse>(
        CallInvoker invoker, Method<TRequest, TResponse> method, IReadOnlyList<TRequest> requests, TimeSpan deadline)
        where TRequest : class
        where TResponse : class
    {
        using var cutOff = new CancellationTokenSource(deadline + TimeSpan.FromSeconds(3));
        var options = new CallOptions(deadline: DateTime.UtcNow.Add(deadline), cancellationToken: cutOff.Token);
        try
        {
            return await CallOnceAsync(invoker, method, requests, options).WaitAsync(deadline + TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            return new CallOutcome(StatusCode.DeadlineExceeded, ClientCutOff, null, null);
        }
    }

    private static async Task<CallOutcome> CallOnceAsync<TRequest, TResponse>(
        CallInvoker invoker, Method<TRequest, TResponse> method, IReadOnlyList<TRequest> requests, CallOptions options)
        where TRequest : class
        where TResponse : class
    {
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
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Cancelled && options.CancellationToken.IsCancellationRequested)
        {
            return new CallOutcome(StatusCode.DeadlineExceeded, ClientCutOff, null, null);
        }
        catch (RpcException exception)
        {
            return new CallOutcome(exception.StatusCode, exception.Status.Detail, null, exception.GetRpcStatus()?.GetDetail<BadRequest>());
        }
    }
}
