using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Server.Mapping;

/// <summary>Timestamps to and from the domain's UTC instants, kept to the millisecond as the store keeps them.</summary>
public static class ProtoTime
{
    private static readonly long MinSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds() + 1;
    private static readonly long MaxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds() - 1;

    /// <summary>
    /// An unset timestamp becomes <c>default</c> (validation says "required"); one outside what .NET can hold
    /// is clamped to the edge of its range, which validation rejects as before 1900 or in the future.
    /// </summary>
    public static DateTimeOffset ToInstant(Timestamp? timestamp)
    {
        if (timestamp is null)
        {
            return default;
        }

        var seconds = Math.Clamp(timestamp.Seconds, MinSeconds, MaxSeconds);
        var millis = Math.Clamp(timestamp.Nanos, 0, 999_999_999) / 1_000_000;
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddMilliseconds(millis);
    }

    public static DateTimeOffset? ToOptionalInstant(Timestamp? timestamp) => timestamp is null ? null : ToInstant(timestamp);

    public static Timestamp ToTimestamp(DateTimeOffset instant) => Timestamp.FromDateTimeOffset(instant);

    public static Timestamp? ToOptionalTimestamp(DateTimeOffset? instant) => instant is { } value ? Timestamp.FromDateTimeOffset(value) : null;
}
