using System.Diagnostics;

namespace CrmGrpc.Cli.Import;

/// <summary>
/// The one batching loop of every import: pulls mapped rows lazily, sends the good ones in batches of
/// <see cref="BatchSize"/> rows, keeps the local rejections (never sent), reports progress after each
/// batch, then completes the stream and returns both sides' counts.
/// </summary>
internal sealed class ImportRunner(int batchSize, IImportProgress? progress = null)
{
    /// <summary>Local rejections listed in the outcome; the rest are only counted.</summary>
    public const int MaxListedRejections = 1000;

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
        var batch = new List<T>(Math.Min(BatchSize, 65_536));
        var linesByPosition = new List<long>();
        var rejections = new List<LocalRejection>();
        long read = 0, sent = 0, batches = 0, rejected = 0;

        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            read++;
            if (row.Item is null)
            {
                rejected++;
                if (row.Rejection is not null && rejections.Count < MaxListedRejections)
                {
                    rejections.Add(row.Rejection);
                }

                continue;
            }

            batch.Add(row.Item);
            linesByPosition.Add(row.Line);
            if (batch.Count >= BatchSize)
            {
                await FlushAsync();
                report.Report(read, sent, clock.Elapsed);
            }
        }

        if (batch.Count > 0)
        {
            await FlushAsync();
        }

        var summary = await sink.CompleteAsync(cancellationToken);
        clock.Stop();
        report.Complete(read, sent, clock.Elapsed);
        return new ImportOutcome(summary, read, sent, batches, rejections, rejected, linesByPosition, clock.Elapsed);

        async Task FlushAsync()
        {
            // The sink takes ownership of the rows it is handed; a fresh list keeps them apart.
            var full = batch.ToArray();
            batch.Clear();
            await sink.SendAsync(full, cancellationToken);
            sent += full.Length;
            batches++;
        }
    }
}
