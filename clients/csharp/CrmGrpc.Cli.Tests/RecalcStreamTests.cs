using CrmGrpc.Cli.Commands;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;
using Grpc.Core;

namespace CrmGrpc.Cli.Tests;

/// <summary>The recalc stream against a fake server stream: file written batch by batch, refusals, cancellation.</summary>
public sealed class RecalcStreamTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("crm-recalc-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static StreamCustomerMetricsResponse Progress(long done, long total) =>
        new() { Progress = new RecalculationProgress { Done = done, Total = total, CustomersPerSecond = 1000 } };

    private static StreamCustomerMetricsResponse Batch(params string[] ids)
    {
        var batch = new CustomerMetricsBatch();
        batch.Customers.AddRange(ids.Select(id => new CustomerMetrics { CustomerId = id, HistoricalClv = 10 }));
        return new StreamCustomerMetricsResponse { Batch = batch };
    }

    [Fact]
    public async Task Every_batch_lands_in_the_file()
    {
        var path = Path.Combine(directory, "out.csv");
        var invoker = new FakeInvoker([Progress(0, 3), Batch("a", "b"), Batch("c"), Progress(3, 3)]);

        var outcome = await RecalcCommand.RunAsync(new TestConsole().Console, new MetricsService.MetricsServiceClient(invoker),
            new StreamCustomerMetricsRequest(), path, RecalcFormat.Csv, CancellationToken.None);

        Assert.False(outcome.Cancelled);
        Assert.Equal(3, outcome.Written);
        Assert.Equal(3, outcome.Total);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(["customer_id", "a", "b", "c"], lines.Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task A_refused_request_leaves_no_file()
    {
        var path = Path.Combine(directory, "refused.jsonl");
        var invoker = new FakeInvoker([], new RpcException(new Status(StatusCode.NotFound, "model 'x' was not found")));

        var error = await Assert.ThrowsAsync<RpcException>(() => RecalcCommand.RunAsync(new TestConsole().Console,
            new MetricsService.MetricsServiceClient(invoker), new StreamCustomerMetricsRequest(), path, RecalcFormat.JsonLines, CancellationToken.None));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Cancelling_keeps_what_arrived_and_says_so()
    {
        var path = Path.Combine(directory, "partial.csv");
        using var cancellation = new CancellationTokenSource();
        var invoker = new FakeInvoker([Progress(0, 10), Batch("a", "b")], afterMessages: cancellation.Cancel);

        var outcome = await RecalcCommand.RunAsync(new TestConsole().Console, new MetricsService.MetricsServiceClient(invoker),
            new StreamCustomerMetricsRequest(), path, RecalcFormat.Csv, cancellation.Token);

        Assert.True(outcome.Cancelled);
        Assert.Equal(2, outcome.Written);
        Assert.Equal(10, outcome.Total);
        Assert.Equal(3, (await File.ReadAllLinesAsync(path)).Length);
        Assert.Contains("\"cancelled\":true", RecalcCommand.ToJson(outcome), StringComparison.Ordinal);
    }

    /// <summary>Answers StreamCustomerMetrics with the given messages, then an error, a cancellation, or the end.</summary>
    private sealed class FakeInvoker(IReadOnlyList<StreamCustomerMetricsResponse> messages, RpcException? failure = null, Action? afterMessages = null) : CallInvoker
    {
        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            var reader = new Reader<TResponse>(messages.Cast<TResponse>().ToList(), failure, afterMessages, options.CancellationToken);
            return new AsyncServerStreamingCall<TResponse>(reader, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();
    }

    private sealed class Reader<T>(List<T> messages, RpcException? failure, Action? afterMessages, CancellationToken callToken) : IAsyncStreamReader<T>
    {
        private int next = -1;

        public T Current => messages[next];

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            next++;
            if (next < messages.Count)
            {
                return true;
            }

            if (failure is not null)
            {
                throw failure;
            }

            if (afterMessages is null)
            {
                return false;
            }

            // Like the real client: the call's token cancelled mid-stream surfaces as CANCELLED.
            afterMessages();
            await Task.Yield();
            if (callToken.IsCancellationRequested || cancellationToken.IsCancellationRequested)
            {
                throw new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."));
            }

            return false;
        }
    }
}
