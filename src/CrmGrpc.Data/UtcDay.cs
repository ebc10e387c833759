namespace CrmGrpc.Data;

/// <summary>The stores count days as UTC day numbers: whole days since 1970-01-01, floored (so before 1970 too).</summary>
public static class UtcDay
{
    public const long MsPerDay = 86_400_000;

    /// <summary>The UTC day number of an instant in unix milliseconds.</summary>
    public static long Of(long unixMs) => (long)Math.Floor(unixMs / (double)MsPerDay);
}
