namespace CrmGrpc.Cli.Import;

/// <summary>How far an import is: rows read from the input and sent, the time so far, and how much of the input was read.</summary>
/// <param name="InputFraction">The share of the input read (the file's byte position over its length), or null when unknown.</param>
internal readonly record struct ImportProgress(long RowsRead, long RowsSent, TimeSpan Elapsed, double? InputFraction)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? RowsRead / Elapsed.TotalSeconds : 0;

    /// <summary>The time left if the rest of the input goes as fast as what was read; null before there is a rate or once read.</summary>
    public TimeSpan? Remaining =>
        InputFraction is double fraction && fraction > 0 && fraction < 1 && Elapsed > TimeSpan.Zero
            ? Elapsed * ((1 - fraction) / fraction)
            : null;
}

/// <summary>Progress of one import, reported after each batch sent and at the end.</summary>
internal interface IImportProgress
{
    void Report(ImportProgress progress);

    void Complete(ImportProgress progress);
}

/// <summary>Reports nothing (tests, and runs that want no progress).</summary>
internal sealed class NullImportProgress : IImportProgress
{
    public static readonly NullImportProgress Instance = new();

    public void Report(ImportProgress progress)
    {
    }

    public void Complete(ImportProgress progress)
    {
    }
}
