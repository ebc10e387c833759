using System.Diagnostics;
using System.Threading.Channels;

namespace CrmGrpc.Cli.Import;

/// <summary>
/// The one batching loop of every import. A reading task pulls the mapped rows (reading and parsing the
/// file), keeps the local rejections (never sent) and queues the good rows in batches of
/// <see cref="BatchSize"/>; the caller's task sends them, so that parsing the next batch overlaps sending
/// this one. The queue holds <see cref="QueuedBatches"/> batches: when the server is slower, reading waits,
/// and memory stays bounded whatever the file's size. Progress is reported after each batch sent; at the
/// end the stream is completed and both sides' counts returned.
/// </summary>
internal sealed class ImportRunner(int batchSize, IImportProgress? progress = null, Func<double>? inputFraction = null)
{
    /// <summary>Local rejections listed in the outcome; the rest are only counted.</summary>
    public const int MaxListedRejections = 1000;

    /// <summary>Batches read ahead of the one being sent: enough to keep the sender busy, few enough to bound memory.</summary>
    public const int QueuedBatches = 2;

    public int BatchSize { get; } = batchSize > 0
        ? batchSize
        : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "the batch size must be positive");

    public async Task<ImportOutcome> RunAsync<T>(IEnumerable<RowResult<T>> rows, IImportSink<T> sink, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(sink);
        var report = progress ?? NullImportProgress.Instance;
        var clock = Stopwatch.StartNew();
        var queue = Channel.CreateBounded<QueuedBatch<T>>(new BoundedChannelOptions(QueuedBatches)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // No token for Task.Run: the reader always runs, so that its finally always completes the queue.
        var reading = Task.Run(() => ReadAsync(rows, queue.Writer, stopReading.Token), CancellationToken.None);
        long sent = 0, batches = 0;
        try
        {
            await foreach (var batch in queue.Reader.ReadAllAsync(cancellationToken))
            {
                await sink.SendAsync(batch.Rows, cancellationToken);
                sent += batch.Rows.Length;
                batches++;
                report.Report(new ImportProgress(batch.RowsRead, sent, clock.Elapsed, batch.InputFraction));
            }
        }
        catch
        {
            // Sending failed or was cancelled: stop the reader (it may be waiting for room) and report the send's error.
            await stopReading.CancelAsync();
            await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        // A reading error (the file) surfaces here, before the stream is completed: nothing is committed as a whole import.
        var tally = await reading;
        var summary = await sink.CompleteAsync(cancellationToken);
        clock.Stop();
        report.Complete(new ImportProgress(tally.RowsRead, sent, clock.Elapsed, inputFraction is null ? null : 1d));
        return new ImportOutcome(summary, tally.RowsRead, sent, batches, tally.Rejections, tally.Rejected, tally.Lines, clock.Elapsed);
    }

    private async Task<ReadTally> ReadAsync<T>(IEnumerable<RowResult<T>> rows, ChannelWriter<QueuedBatch<T>> queue, CancellationToken cancellationToken)
        where T : class
    {
        var tally = new ReadTally();
        try
        {
            var batch = new List<T>(Math.Min(BatchSize, 65_536));
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                tally.RowsRead++;
                if (row.Item is null)
                {
                    tally.Rejected++;
                    if (row.Rejection is not null && tally.Rejections.Count < MaxListedRejections)
                    {
                        tally.Rejections.Add(row.Rejection);
                    }

                    continue;
                }

                batch.Add(row.Item);
                tally.Lines.Add(row.Line);
                if (batch.Count >= BatchSize)
                {
                    await QueueAsync();
                }
            }

            if (batch.Count > 0)
            {
                await QueueAsync();
            }

            return tally;

            // The sink owns what it is handed; the list is reused for the next batch.
            ValueTask QueueAsync()
            {
                var queued = new QueuedBatch<T>([.. batch], tally.RowsRead, inputFraction?.Invoke());
                batch.Clear();
                return queue.WriteAsync(queued, cancellationToken);
            }
        }
        finally
        {
            // Completed without the error: the sender drains what is queued, then the error is awaited from this task.
            queue.TryComplete();
        }
    }

    /// <summary>A batch, with the reader's counts when it was queued (progress is reported once it is sent).</summary>
    private sealed record QueuedBatch<T>(T[] Rows, long RowsRead, double? InputFraction);

    /// <summary>What the reading task counted; read by the sender only after that task ended.</summary>
    private sealed class ReadTally
    {
        public long RowsRead { get; set; }

        public long Rejected { get; set; }

        public List<LocalRejection> Rejections { get; } = [];

        public LineMap Lines { get; } = new();
    }
}
