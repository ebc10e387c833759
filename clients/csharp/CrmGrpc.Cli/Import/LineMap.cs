namespace CrmGrpc.Cli.Import;

/// <summary>
/// The input line of every row sent, by stream position, kept as runs of consecutive lines: a clean file
/// is one run whatever its length, and each local rejection, blank line or multi-line record starts
/// another, so memory follows the file's irregularities rather than its size.
/// </summary>
internal sealed class LineMap
{
    private readonly List<(long Position, long Line)> runs = [];
    private long lastLine;

    /// <summary>Rows added, i.e. the next stream position.</summary>
    public long Count { get; private set; }

    /// <summary>Runs kept (one per break in the line sequence).</summary>
    public int RunCount => runs.Count;

    /// <summary>Adds the row at the next stream position.</summary>
    public void Add(long line)
    {
        if (Count == 0 || line != lastLine + 1)
        {
            runs.Add((Count, line));
        }

        lastLine = line;
        Count++;
    }

    /// <summary>The line of the row sent at a zero-based stream position, or null if no row was sent there.</summary>
    public long? LineOf(long position)
    {
        if (position < 0 || position >= Count)
        {
            return null;
        }

        // The last run that starts at or before the position.
        int low = 0, high = runs.Count - 1;
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2);
            if (runs[middle].Position <= position)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        var (start, line) = runs[low];
        return line + (position - start);
    }
}
