using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using CrmGrpc.Domain.Errors;
using CrmGrpc.Domain.Validation;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CrmGrpc.Server.Mapping;

/// <summary>
/// The NUL check of every text a request carries. No store keeps U+0000 (PostgreSQL's text cannot hold it; the SQLite
/// store refuses it alike, so a book moves between them unchanged), and no stored id, segment or name has one: a request
/// that holds one anywhere (a filter, an id to look up, a field mask) is refused naming the field, on every store alike.
/// </summary>
public static class ProtoText
{
    /// <summary>Per message type, the fields that are text or may hold text (messages, lists and maps of them).</summary>
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor[]> TextFields = new();

    /// <summary>Each text of <paramref name="message"/> (nested, repeated and in maps too) holding a NUL, named by its path.</summary>
    public static IReadOnlyList<FieldViolation> NulViolations(IMessage message)
    {
        List<FieldViolation>? violations = null;
        Collect(message, "", ref violations);
        return (IReadOnlyList<FieldViolation>?)violations ?? [];
    }

    private static void Collect(IMessage message, string path, ref List<FieldViolation>? violations)
    {
        foreach (var field in TextFields.GetOrAdd(message.Descriptor, FieldsOf))
        {
            // Paths are built only for a violation or a nested message: most requests hold no NUL at all.
            switch (field.Accessor.GetValue(message))
            {
                case string text when HasNul(text):
                    Add(Path(path, field), FieldChecks.NulDescription, ref violations);
                    break;
                case IMessage nested:
                    Collect(nested, Path(path, field), ref violations);
                    break;
                case IDictionary map:
                    foreach (DictionaryEntry entry in map)
                    {
                        if (entry.Key is string key && HasNul(key))
                        {
                            Add(Path(path, field), $"a key {FieldChecks.NulDescription}", ref violations);
                        }
                        else if (entry.Value is string or IMessage)
                        {
                            CheckItem(entry.Value, path, field, Echo.Clip(Convert.ToString(entry.Key, CultureInfo.InvariantCulture), Echo.MaxValueChars), ref violations);
                        }
                    }

                    break;
                case IList list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        CheckItem(list[i], path, field, i, ref violations);
                    }

                    break;
            }
        }
    }

    private static void CheckItem<TIndex>(object? item, string path, FieldDescriptor field, TIndex index, ref List<FieldViolation>? violations)
    {
        switch (item)
        {
            case string text when HasNul(text):
                Add(ItemPath(path, field, index), FieldChecks.NulDescription, ref violations);
                break;
            case IMessage nested:
                Collect(nested, ItemPath(path, field, index), ref violations);
                break;
        }
    }

    private static string ItemPath<TIndex>(string path, FieldDescriptor field, TIndex index) =>
        string.Create(CultureInfo.InvariantCulture, $"{Path(path, field)}[{index}]");

    private static string Path(string path, FieldDescriptor field) => path.Length == 0 ? field.Name : $"{path}.{field.Name}";

    private static void Add(string path, string description, ref List<FieldViolation>? violations) =>
        (violations ??= []).Add(new FieldViolation(path, description));

    private static bool HasNul(string text) => text.AsSpan().Contains('\0');

    private static FieldDescriptor[] FieldsOf(MessageDescriptor descriptor) =>
        [.. descriptor.Fields.InDeclarationOrder().Where(f => f.FieldType is FieldType.String or FieldType.Message)];
}
