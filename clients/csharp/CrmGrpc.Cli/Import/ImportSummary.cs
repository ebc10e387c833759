using CrmGrpc.Contracts.V1;
using Google.Protobuf;

namespace CrmGrpc.Cli.Import;

/// <summary>The server's import summary, read out of whichever Import*Response carried it.</summary>
internal sealed record ImportSummary(
    long Accepted,
    long Duplicates,
    long Rejected,
    IReadOnlyList<ImportError> Errors,
    long ErrorsOmitted,
    IMessage Response);

/// <summary>What an import did, on both sides of the wire.</summary>
internal sealed class ImportOutcome(ImportSummary summary, long rowsRead, long rowsSent, long batchesSent,
    IReadOnlyList<LocalRejection> localRejections, long localRejected, LineMap linesByPosition, TimeSpan elapsed)
{
    public ImportSummary Summary { get; } = summary;

    /// <summary>Input rows read (sent or rejected locally).</summary>
    public long RowsRead { get; } = rowsRead;

    public long RowsSent { get; } = rowsSent;

    public long BatchesSent { get; } = batchesSent;

    /// <summary>The first local rejections (at most the runner's limit).</summary>
    public IReadOnlyList<LocalRejection> LocalRejections { get; } = localRejections;

    /// <summary>All local rejections, listed or not.</summary>
    public long LocalRejected { get; } = localRejected;

    public TimeSpan Elapsed { get; } = elapsed;

    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? RowsRead / Elapsed.TotalSeconds : 0;

    /// <summary>The input line of the row sent at a zero-based stream position, or null if unknown.</summary>
    public long? LineOf(long position) => linesByPosition.LineOf(position);
}
