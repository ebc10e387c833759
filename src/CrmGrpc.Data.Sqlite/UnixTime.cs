namespace CrmGrpc.Data.Sqlite;

/// <summary>The store keeps instants as INTEGER unix milliseconds (UTC).</summary>
internal static class UnixTime
{
    public static long ToMs(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static long? ToMs(DateTimeOffset? instant) => instant?.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? FromMs(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}
