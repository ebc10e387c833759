namespace CrmGrpc.Data.Postgres.Reads;

/// <summary>The store keeps instants as bigint unix milliseconds (UTC), as the SQLite store does.</summary>
internal static class UnixMs
{
    public static long Of(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static DateTimeOffset ToInstant(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? ToInstant(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}
