namespace CrmGrpc.Data;

/// <summary>
/// Whether the heavy reads of the current call may use a streaming replica (a store that has one). The server allows it
/// for the calls that read the whole book (recalculation, fits, portfolio metrics, series, cohorts, segments) unless the
/// caller asks to read the primary; everything else, point reads that must see the caller's own writes above all, reads
/// the primary. An async-local: it holds for the rest of the call's asynchronous flow and nowhere else.
/// </summary>
public static class ReplicaReads
{
    private static readonly AsyncLocal<bool> Allowed = new();

    /// <summary>Whether a replica may serve the current call's heavy reads.</summary>
    public static bool AreAllowed => Allowed.Value;

    /// <summary>Lets the rest of the current call read a replica; the flows the call started before are not affected.</summary>
    public static void Allow() => Allowed.Value = true;
}
