using CrmGrpc.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CrmGrpc.Cli.Import;

/// <summary>
/// An <see cref="IImportSink{T}"/> over any client-streaming Import* call: each batch becomes one request
/// message (<see cref="IImportRequest{TRow}"/>), and the response's summary fields
/// (<see cref="IImportResponse"/>) become the <see cref="ImportSummary"/>.
/// </summary>
internal sealed class GrpcImportSink<TItem, TRequest, TResponse>(AsyncClientStreamingCall<TRequest, TResponse> call)
    : IImportSink<TItem>
    where TRequest : IImportRequest<TItem>, new()
    where TResponse : IImportResponse, IMessage
{
    public Task SendAsync(IReadOnlyList<TItem> batch, CancellationToken cancellationToken)
    {
        var request = new TRequest();
        request.Rows.AddRange(batch);
        return call.RequestStream.WriteAsync(request, cancellationToken);
    }

    public async Task<ImportSummary> CompleteAsync(CancellationToken cancellationToken)
    {
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync.WaitAsync(cancellationToken);
        return new ImportSummary(response.Accepted, response.Duplicates, response.Rejected, response.Errors, response.ErrorsOmitted, response);
    }

    public void Dispose() => call.Dispose();
}
