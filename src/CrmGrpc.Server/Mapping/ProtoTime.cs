using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using CrmGrpc.Domain.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Server.Mapping;

/// <summary>
/// Timestamps to and from the domain's UTC instants, kept to the millisecond as the store keeps them, and the
/// range check of every timestamp a request carries.
/// </summary>
public static class ProtoTime
{
    /// <summary>google.protobuf.Timestamp's range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.</summary>
    public const long MinSeconds = -62_135_596_800;

    /// <summary>The last second of 9999-12-31.</summary>
    public const long MaxSeconds = 253_402_300_799;

    public const int MaxNanos = 999_999_999;

    /// <summary>Message types that can hold a Timestamp, directly or nested, with the fields that lead to one.</summary>
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor[]> TimestampPaths = new();

    /// <summary>
    /// An unset timestamp becomes <c>default</c> (validation says "required"). Requests are range-checked first
    /// (<see cref="Violations"/>); should one still be outside, it is clamped to the edge of .NET's range, which
    /// validation rejects as before 1900 or in the future.
    /// </summary>
    public static DateTimeOffset ToInstant(Timestamp? timestamp)
    {
        if (timestamp is null)
        {
            return default;
        }

        // One second inside the edges: the first instant of year 1 is default, which would read as unset.
        var seconds = Math.Clamp(timestamp.Seconds, MinSeconds + 1, MaxSeconds - 1);
        var millis = Math.Clamp(timestamp.Nanos, 0, MaxNanos) / 1_000_000;
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddMilliseconds(millis);
    }

    public static DateTimeOffset? ToOptionalInstant(Timestamp? timestamp) => timestamp is null ? null : ToInstant(timestamp);

    public static Timestamp ToTimestamp(DateTimeOffset instant) => Timestamp.FromDateTimeOffset(instant);

    public static Timestamp? ToOptionalTimestamp(DateTimeOffset? instant) => instant is { } value ? Timestamp.FromDateTimeOffset(value) : null;

    /// <summary>
    /// Every Timestamp in <paramref name="message"/> (nested, repeated and map values too) whose nanos are outside
    /// [0, 999,999,999] or whose seconds are outside the Timestamp range, named by its path ("customer.acquired_at",
    /// "rows[3].occurred_at"). Empty for almost every message, without allocating.
    /// </summary>
    public static IReadOnlyList<FieldViolation> Violations(IMessage message)
    {
        List<FieldViolation>? violations = null;
        Collect(message, "", ref violations);
        return (IReadOnlyList<FieldViolation>?)violations ?? [];
    }

    private static void Collect(IMessage message, string path, ref List<FieldViolation>? violations)
    {
        if (message is Timestamp timestamp)
        {
            if (RangeViolation(timestamp) is { } description)
            {
                (violations ??= []).Add(new FieldViolation(path, description, RejectionReason.BadTimestamp));
            }

            return;
        }

        foreach (var field in TimestampPaths.GetOrAdd(message.Descriptor, static d => PathsOf(d, [])))
        {
            var name = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            switch (field.Accessor.GetValue(message))
            {
                case IMessage nested:
                    Collect(nested, name, ref violations);
                    break;
                case IDictionary map:
                    foreach (DictionaryEntry entry in map)
                    {
                        if (entry.Value is IMessage value)
                        {
                            Collect(value, $"{name}[{Echo.Clip(Convert.ToString(entry.Key, CultureInfo.InvariantCulture), Echo.MaxValueChars)}]", ref violations);
                        }
                    }

                    break;
                case IList list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (list[i] is IMessage item)
                        {
                            Collect(item, string.Create(CultureInfo.InvariantCulture, $"{name}[{i}]"), ref violations);
                        }
                    }

                    break;
            }
        }
    }

    private static string? RangeViolation(Timestamp timestamp)
    {
        if (timestamp.Nanos is < 0 or > MaxNanos)
        {
            return string.Create(CultureInfo.InvariantCulture, $"nanos must be between 0 and {MaxNanos}, was {timestamp.Nanos}");
        }

        return timestamp.Seconds is < MinSeconds or > MaxSeconds
            ? string.Create(CultureInfo.InvariantCulture,
                $"seconds must be between {MinSeconds} and {MaxSeconds} (0001-01-01 to 9999-12-31), was {timestamp.Seconds}")
            : null;
    }

    /// <summary>The fields of <paramref name="descriptor"/> through which a Timestamp can be reached.</summary>
    private static FieldDescriptor[] PathsOf(MessageDescriptor descriptor, HashSet<MessageDescriptor> visiting)
    {
        visiting.Add(descriptor);
        var fields = descriptor.Fields.InDeclarationOrder()
            .Where(f => f.FieldType == FieldType.Message && Reaches(f.IsMap ? f.MessageType.FindFieldByNumber(2) : f, visiting))
            .ToArray();
        visiting.Remove(descriptor);
        return fields;
    }

    private static bool Reaches(FieldDescriptor field, HashSet<MessageDescriptor> visiting) =>
        field.FieldType == FieldType.Message
        && (field.MessageType.FullName == Timestamp.Descriptor.FullName
            || visiting.Contains(field.MessageType) // recursive: it may, walk it
            || PathsOf(field.MessageType, visiting).Length > 0);
}
