using CrmGrpc.Cli.Import;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Tests;

public class ImportRunnerTests
{
    /// <summary>Records batches, and answers like a server that rejects the rows it is told to.</summary>
    private sealed class FakeSink(params long[] rejectPositions) : IImportSink<Transaction>
    {
        public List<IReadOnlyList<Transaction>> Batches { get; } = [];

        public bool Completed { get; private set; }

        public Task SendAsync(IReadOnlyList<Transaction> batch, CancellationToken cancellationToken)
        {
            Assert.False(Completed);
            Batches.Add(batch);
            return Task.CompletedTask;
        }

        public Task<ImportSummary> CompleteAsync(CancellationToken cancellationToken)
        {
            Completed = true;
            var all = Batches.SelectMany(b => b).ToList();
            var response = new ImportTransactionsResponse
            {
                Accepted = all.Count - rejectPositions.Length,
                Rejected = rejectPositions.Length,
            };
            response.Errors.AddRange(rejectPositions.Select(p => new ImportError
            {
                Id = all[(int)p].Id,
                Position = p,
                Code = RejectionCode.BadAmount,
                Field = "amount_minor",
                Reason = "not positive",
            }));
            return Task.FromResult(new ImportSummary(response.Accepted, response.Duplicates, response.Rejected, response.Errors, response.ErrorsOmitted, response));
        }

        public void Dispose()
        {
        }
    }

    private sealed class CountingProgress : IImportProgress
    {
        public List<ImportProgress> Reports { get; } = [];

        public ImportProgress? Final { get; private set; }

        public void Report(ImportProgress progress) => Reports.Add(progress);

        public void Complete(ImportProgress progress) => Final = progress;
    }

    private static IEnumerable<RowResult<Transaction>> Rows(int count, params int[] badLines)
    {
        for (var line = 2; line < count + 2; line++)
        {
            yield return badLines.Contains(line)
                ? RowResult<Transaction>.Rejected(new LocalRejection(line, $"t{line}", "amount", "amount 'x' is not a decimal amount"))
                : RowResult<Transaction>.Ok(line, new Transaction { Id = $"t{line}" });
        }
    }

    [Fact]
    public async Task Sends_full_batches_then_the_remainder()
    {
        var sink = new FakeSink();
        var progress = new CountingProgress();

        var outcome = await new ImportRunner(5, progress).RunAsync(Rows(12), sink, CancellationToken.None);

        Assert.Equal([5, 5, 2], sink.Batches.Select(b => b.Count));
        Assert.True(sink.Completed);
        Assert.Equal(12, outcome.RowsRead);
        Assert.Equal(12, outcome.RowsSent);
        Assert.Equal(3, outcome.BatchesSent);
        Assert.Equal(12, outcome.Summary.Accepted);
        // Reported once each batch is sent, with the rows read when it was queued.
        Assert.Equal([5L, 10, 12], progress.Reports.Select(p => p.RowsSent));
        Assert.Equal([5L, 10, 12], progress.Reports.Select(p => p.RowsRead));
        Assert.Equal((12L, 12L), (progress.Final!.Value.RowsRead, progress.Final.Value.RowsSent));
        Assert.All(progress.Reports, p => Assert.Null(p.InputFraction));
    }

    [Fact]
    public async Task Exact_multiple_sends_no_empty_batch()
    {
        var sink = new FakeSink();

        await new ImportRunner(4).RunAsync(Rows(8), sink, CancellationToken.None);

        Assert.Equal([4, 4], sink.Batches.Select(b => b.Count));
    }

    [Fact]
    public async Task An_empty_input_still_completes_the_stream()
    {
        var sink = new FakeSink();

        var outcome = await new ImportRunner(5).RunAsync(Rows(0), sink, CancellationToken.None);

        Assert.Empty(sink.Batches);
        Assert.True(sink.Completed);
        Assert.Equal(0, outcome.RowsRead);
    }

    [Fact]
    public async Task Local_rejections_are_not_sent_and_server_positions_map_back_to_lines()
    {
        // Lines 2..11; lines 4 and 7 do not parse. The server rejects stream position 3 (line 6).
        var sink = new FakeSink(3);

        var outcome = await new ImportRunner(3).RunAsync(Rows(10, 4, 7), sink, CancellationToken.None);

        Assert.Equal(8, sink.Batches.Sum(b => b.Count));
        Assert.DoesNotContain(sink.Batches.SelectMany(b => b), t => t.Id is "t4" or "t7");
        Assert.Equal(10, outcome.RowsRead);
        Assert.Equal(8, outcome.RowsSent);
        Assert.Equal(2, outcome.LocalRejected);
        Assert.Equal(6, outcome.LineOf(3));
        Assert.Null(outcome.LineOf(99));

        var errors = ImportReport.Errors(outcome);
        Assert.Equal([4L, 6, 7], errors.Select(e => e.Line!.Value));
        Assert.Equal([ImportReport.LocalCode, "BAD_AMOUNT", ImportReport.LocalCode], errors.Select(e => e.Code));
        Assert.Equal(3, ImportReport.TotalRejected(outcome));
        Assert.Equal(0, ImportReport.TotalOmitted(outcome));
    }

    [Fact]
    public async Task Local_rejections_beyond_the_limit_are_counted_as_omitted()
    {
        var bad = Enumerable.Range(2, ImportRunner.MaxListedRejections + 5).ToArray();

        var outcome = await new ImportRunner(10).RunAsync(Rows(bad.Length, bad), new FakeSink(), CancellationToken.None);

        Assert.Equal(ImportRunner.MaxListedRejections, outcome.LocalRejections.Count);
        Assert.Equal(ImportRunner.MaxListedRejections + 5, outcome.LocalRejected);
        Assert.Equal(5, ImportReport.TotalOmitted(outcome));
    }

    [Fact]
    public async Task Json_report_carries_counts_errors_and_the_server_response()
    {
        var outcome = await new ImportRunner(3).RunAsync(Rows(4, 3), new FakeSink(0), CancellationToken.None);

        var json = System.Text.Json.JsonDocument.Parse(ImportReport.ToJson("transactions", outcome)).RootElement;

        Assert.Equal(2, json.GetProperty("accepted").GetInt64());
        Assert.Equal(2, json.GetProperty("rejected").GetInt64());
        Assert.Equal(1, json.GetProperty("rejectedLocally").GetInt64());
        Assert.Equal(2, json.GetProperty("errors").GetArrayLength());
        // Protobuf JSON writes int64 as a string.
        Assert.Equal("1", json.GetProperty("response").GetProperty("rejected").GetString());
    }

    [Fact]
    public void A_non_positive_batch_size_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImportRunner(0));

    [Fact]
    public async Task Cancellation_stops_the_loop()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ImportRunner(5).RunAsync(Rows(3), new FakeSink(), cts.Token));
    }

    [Fact]
    public async Task Progress_carries_the_input_fraction_sampled_when_each_batch_was_queued()
    {
        long pulled = 0;
        var rows = Rows(10).Select(r => { pulled++; return r; });
        var progress = new CountingProgress();

        await new ImportRunner(4, progress, () => pulled / 10.0).RunAsync(rows, new FakeSink(), CancellationToken.None);

        Assert.Equal([0.4, 0.8, 1.0], progress.Reports.Select(p => p.InputFraction!.Value));
        Assert.Equal(1.0, progress.Final!.Value.InputFraction);
    }

    /// <summary>Fails on its second batch, like a server that ends the call.</summary>
    private sealed class FailingSink : IImportSink<Transaction>
    {
        public int Sends { get; private set; }

        public bool Completed { get; private set; }

        public Task SendAsync(IReadOnlyList<Transaction> batch, CancellationToken cancellationToken) =>
            ++Sends == 2 ? throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "gone")) : Task.CompletedTask;

        public Task<ImportSummary> CompleteAsync(CancellationToken cancellationToken)
        {
            Completed = true;
            throw new InvalidOperationException("a failed import is never completed");
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task A_send_failure_stops_the_reader_and_is_the_error_reported()
    {
        var sink = new FailingSink();

        // Many more rows than the queue holds: the reader is waiting for room when the send fails.
        var ex = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => new ImportRunner(10).RunAsync(Rows(10_000), sink, CancellationToken.None));

        Assert.Equal(Grpc.Core.StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(2, sink.Sends);
        Assert.False(sink.Completed);
    }

    [Fact]
    public async Task A_read_failure_is_reported_and_the_stream_is_not_completed()
    {
        static IEnumerable<RowResult<Transaction>> Broken()
        {
            foreach (var row in Rows(25))
            {
                yield return row;
            }

            throw new IOException("disk gone");
        }

        var sink = new FakeSink();

        var ex = await Assert.ThrowsAsync<IOException>(() => new ImportRunner(10).RunAsync(Broken(), sink, CancellationToken.None));

        Assert.Equal("disk gone", ex.Message);
        Assert.False(sink.Completed);
    }

    /// <summary>Counts what it is sent without keeping it, and records how far ahead of it the reader was at each batch.</summary>
    internal sealed class SlowCountingSink(Func<long> rowsPulled) : IImportSink<Transaction>
    {
        public long Rows { get; private set; }

        public long Batches { get; private set; }

        public long MostRowsAhead { get; private set; }

        public async Task SendAsync(IReadOnlyList<Transaction> batch, CancellationToken cancellationToken)
        {
            // Slower than the reader: an unbounded reader would run far ahead while this waits.
            await Task.Delay(1, cancellationToken);
            MostRowsAhead = Math.Max(MostRowsAhead, rowsPulled() - Rows);
            Rows += batch.Count;
            Batches++;
        }

        public Task<ImportSummary> CompleteAsync(CancellationToken cancellationToken)
        {
            var response = new ImportTransactionsResponse { Accepted = Rows };
            return Task.FromResult(new ImportSummary(response.Accepted, 0, 0, response.Errors, 0, response));
        }

        public void Dispose()
        {
        }
    }
}
