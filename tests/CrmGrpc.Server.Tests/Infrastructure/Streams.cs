using CrmGrpc.Contracts.V1;
using Google.Rpc;
using Grpc.Core;

namespace CrmGrpc.Server.Tests.Infrastructure;

public static class Streams
{
    /// <summary>Sends each batch as one message of a client-streaming import and returns its summary.</summary>
    public static async Task<TResponse> ImportAsync<TRequest, TResponse>(
        AsyncClientStreamingCall<TRequest, TResponse> call, IEnumerable<TRequest> batches)
    {
        using (call)
        {
            foreach (var batch in batches)
            {
                await call.RequestStream.WriteAsync(batch);
            }

            await call.RequestStream.CompleteAsync();
            return await call;
        }
    }

    /// <summary>Runs <paramref name="call"/>, expects it to fail with <paramref name="code"/>, returns the exception.</summary>
    public static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, exception.StatusCode);
        return exception;
    }

    /// <summary>The field violations of an INVALID_ARGUMENT, read back as a client would.</summary>
    public static IReadOnlyList<BadRequest.Types.FieldViolation> FieldViolations(RpcException exception) =>
        exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.ToList()
        ?? throw new Xunit.Sdk.XunitException($"no google.rpc.BadRequest in {exception.Status}");
}
