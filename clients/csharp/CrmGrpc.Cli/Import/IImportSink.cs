namespace CrmGrpc.Cli.Import;

/// <summary>Where an import's batches go: one open client stream.</summary>
internal interface IImportSink<in T> : IDisposable
{
    Task SendAsync(IReadOnlyList<T> batch, CancellationToken cancellationToken);

    /// <summary>Ends the stream and returns the server's summary.</summary>
    Task<ImportSummary> CompleteAsync(CancellationToken cancellationToken);
}
