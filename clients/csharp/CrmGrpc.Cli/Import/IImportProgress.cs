namespace CrmGrpc.Cli.Import;

/// <summary>Progress of one import, reported after each batch and at the end.</summary>
internal interface IImportProgress
{
    void Report(long rowsRead, long rowsSent, TimeSpan elapsed);

    void Complete(long rowsRead, long rowsSent, TimeSpan elapsed);
}

/// <summary>Reports nothing (tests, and runs that want no progress).</summary>
internal sealed class NullImportProgress : IImportProgress
{
    public static readonly NullImportProgress Instance = new();

    public void Report(long rowsRead, long rowsSent, TimeSpan elapsed)
    {
    }

    public void Complete(long rowsRead, long rowsSent, TimeSpan elapsed)
    {
    }
}
