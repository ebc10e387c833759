using System.Collections;
using System.Collections.Immutable;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Server.Tests.Fuzzing;

/// <summary>
/// CsCheck generators of any protobuf message, driven by its <see cref="MessageDescriptor"/>: every field is
/// covered (nested messages, repeated fields, maps, oneofs, proto3 optionals, enums with unknown numbers, and the
/// well-known Timestamp, Duration and wrapper types), so a new RPC or field is fuzzed with no change here.
/// </summary>
public sealed class MessageGenerator(IReadOnlyList<string> ids, IReadOnlyList<string> fieldNames, FuzzMode mode)
{
    /// <summary>Nesting below this depth is left unset (no message of the contract is recursive, but well-known types can be).</summary>
    private const int MaxDepth = 5;

    /// <summary>The setter of a field left unset.</summary>
    private static readonly Action<IMessage> Nothing = _ => { };

    private readonly Dictionary<(string Type, int Depth, bool Compact), Gen<IMessage>> _cache = [];

    /// <summary>Every field name of every message in <paramref name="files"/>: the valid-looking FieldMask paths.</summary>
    public static IReadOnlyList<string> FieldNamesOf(IEnumerable<FileDescriptor> files) =>
        files.SelectMany(f => f.MessageTypes).SelectMany(m => m.Fields.InFieldNumberOrder()).Select(f => f.Name).Distinct().ToList();

    public Gen<IMessage> For(MessageDescriptor descriptor) => Message(descriptor, 0, compact: false);

    /// <summary>
    /// A message of <paramref name="descriptor"/>; <paramref name="compact"/> (the elements of a huge repeated field)
    /// leaves out the long strings and the huge repeated fields, so that 100,000 elements stay a few megabytes.
    /// </summary>
    private Gen<IMessage> Message(MessageDescriptor descriptor, int depth, bool compact)
    {
        var key = (descriptor.FullName, depth, compact);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        Gen<IMessage> gen;
        if (descriptor.FullName == Timestamp.Descriptor.FullName)
        {
            gen = FuzzValues.Timestamps(mode).Select(t => (IMessage)t);
        }
        else if (depth >= MaxDepth)
        {
            gen = Gen.Const(() => New(descriptor));
        }
        else
        {
            var setters = Gen.Const(ImmutableList<Action<IMessage>>.Empty);
            foreach (var field in descriptor.Fields.InFieldNumberOrder().Where(f => f.RealContainingOneof is null))
            {
                setters = setters.Select(Setter(field, depth, compact), (list, set) => list.Add(set));
            }

            foreach (var oneof in descriptor.Oneofs.Where(o => !o.IsSynthetic))
            {
                // None or exactly one member: setting two would only keep the last.
                var members = oneof.Fields.Select(f => Present(f, depth, compact)).Prepend(Gen.Const(Nothing)).ToArray();
                setters = setters.Select(Gen.OneOf(members), (list, set) => list.Add(set));
            }

            gen = setters.Select(list =>
            {
                var message = New(descriptor);
                foreach (var set in list)
                {
                    set(message);
                }

                return message;
            });
        }

        _cache[key] = gen;
        return gen;
    }

    private static IMessage New(MessageDescriptor descriptor) => descriptor.Parser.ParseFrom(ByteString.Empty);

    /// <summary>What a field gets: nothing, a value, or for repeated fields and maps a number of them.</summary>
    private Gen<Action<IMessage>> Setter(FieldDescriptor field, int depth, bool compact)
    {
        if (field.IsMap)
        {
            var keyField = field.MessageType.FindFieldByNumber(1);
            var valueField = field.MessageType.FindFieldByNumber(2);
            var entry = Value(keyField, depth + 1, compact).Select(Value(valueField, depth + 1, compact));
            var count = compact || mode != FuzzMode.Chaos ? Gen.Int[0, 2] : Gen.Frequency((3, Gen.Int[0, 0]), (6, Gen.Int[1, 4]), (1, Gen.Int[50, 300]));
            return count.SelectMany(n => entry.Array[n]).Select(entries => (Action<IMessage>)(message =>
            {
                var map = (IDictionary)field.Accessor.GetValue(message);
                foreach (var (k, v) in entries)
                {
                    map[k] = v;
                }
            }));
        }

        if (field.IsRepeated)
        {
            var element = Value(field, depth + 1, compact);
            var normal = Gen.Int[mode == FuzzMode.Calm ? 1 : 0, 3].SelectMany(n => element.Array[n]);
            // 100,000 scalars cost little; 100,000 messages cost the server seconds, so they come rarely.
            var huge = field.FieldType == FieldType.Message ? 1 : 4;
            var lists = compact || mode != FuzzMode.Chaos
                ? normal
                : Gen.Frequency(
                    (30, Gen.Const(Array.Empty<object>())),
                    (60, normal),
                    (huge, Huge(field, depth)));
            return lists.Select(values => values.Length == 0 ? Nothing : (Action<IMessage>)(message =>
            {
                var list = (IList)field.Accessor.GetValue(message);
                foreach (var value in values)
                {
                    list.Add(value);
                }
            }));
        }

        var present = Present(field, depth, compact);
        var absent = Gen.Const(Nothing);
        return mode switch
        {
            FuzzMode.Calm => Gen.Frequency((1, absent), (12, present)),
            FuzzMode.Sparse => Gen.Frequency((1, absent), (1, present)),
            _ => field.HasPresence ? Gen.Frequency((1, absent), (2, present)) : Gen.Frequency((1, absent), (4, present)),
        };
    }

    /// <summary>100,000 elements, a few distinct compact values repeated (the server sees as many rows; the test stays fast).</summary>
    private Gen<object[]> Huge(FieldDescriptor field, int depth) =>
        Value(field, depth + 1, compact: true).Array[1, 4].Select(distinct =>
        {
            var values = new object[FuzzValues.HugeRepeatedCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = distinct[i % distinct.Length];
            }

            return values;
        });

    private Gen<Action<IMessage>> Present(FieldDescriptor field, int depth, bool compact) =>
        Value(field, depth + 1, compact).Select(value => (Action<IMessage>)(message => field.Accessor.SetValue(message, value)));

    /// <summary>One value of the field's type (one element for a repeated field).</summary>
    private Gen<object> Value(FieldDescriptor field, int depth, bool compact) => field.FieldType switch
    {
        FieldType.Message or FieldType.Group => Message(field.MessageType, depth, compact).Select(m => (object)m),
        FieldType.Enum => Enum(field.EnumType, mode),
        FieldType.String => FuzzValues.Strings(field.Name, ids, fieldNames, compact, mode).Select(s => (object)s),
        FieldType.Bytes => FuzzValues.Bytes(compact).Select(b => (object)ByteString.CopyFrom(b)),
        FieldType.Bool => Gen.Bool.Select(b => (object)b),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => FuzzValues.Ints(field.Name, mode).Select(i => (object)i),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => FuzzValues.Longs(field.Name, mode).Select(i => (object)i),
        FieldType.UInt32 or FieldType.Fixed32 => FuzzValues.UnsignedInts.Select(i => (object)i),
        FieldType.UInt64 or FieldType.Fixed64 => FuzzValues.UnsignedLongs.Select(i => (object)i),
        FieldType.Double => FuzzValues.Doubles(field.Name, mode).Select(d => (object)d),
        FieldType.Float => FuzzValues.Floats(field.Name, mode).Select(f => (object)f),
        _ => throw new NotSupportedException($"field type {field.FieldType} of {field.FullName}"),
    };

    /// <summary>A declared value mostly; sometimes a number the enum does not declare (proto3 keeps it as is).</summary>
    private static Gen<object> Enum(EnumDescriptor descriptor, FuzzMode mode)
    {
        var numbers = descriptor.Values.Select(v => v.Number).ToArray();
        var declared = Gen.OneOf(mode != FuzzMode.Chaos && numbers.Length > 1 ? numbers.Where(n => n != 0).ToArray() : numbers);
        var unknown = Gen.OneOf(-1, 99, 1000, int.MaxValue, int.MinValue);
        return Gen.Frequency((mode == FuzzMode.Chaos ? 8 : 40, declared), (2, unknown)).Select(n => System.Enum.ToObject(descriptor.ClrType, n));
    }
}
