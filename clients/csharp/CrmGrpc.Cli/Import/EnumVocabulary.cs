using System.Collections.Frozen;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace CrmGrpc.Cli.Import;

/// <summary>
/// The words an input file may use for a proto enum: the value's proto name without its prefix, in any
/// case, with '-' or '_' ("purchase", "cross-sell"), or the full proto name ("SALE_TYPE_UPSELL").
/// The *_UNSPECIFIED value is never accepted.
/// </summary>
internal sealed class EnumVocabulary<TEnum>
    where TEnum : struct, System.Enum
{
    private readonly FrozenDictionary<string, TEnum>.AlternateLookup<ReadOnlySpan<char>> byWord;
    private readonly int maxWordLength;

    public EnumVocabulary(string prefix)
    {
        var map = new Dictionary<string, TEnum>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var protoName = member.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? member.Name;
            if (protoName.EndsWith("_UNSPECIFIED", StringComparison.Ordinal))
            {
                continue;
            }

            var value = (TEnum)member.GetValue(null)!;
            map[protoName] = value;
            var word = protoName.StartsWith(prefix, StringComparison.Ordinal) ? protoName[prefix.Length..] : protoName;
            map[word] = value;
            Words.Add(word.ToLowerInvariant());
        }

        // Looked up by span: a file's words are parsed without a string per row.
        byWord = map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        maxWordLength = map.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
    }

    /// <summary>The short words, for messages ("purchase|refund").</summary>
    public List<string> Words { get; } = [];

    public bool TryParse(string text, out TEnum value) => TryParse(text.AsSpan(), out value);

    public bool TryParse(ReadOnlySpan<char> text, out TEnum value)
    {
        text = text.Trim();
        if (!text.Contains('-'))
        {
            return byWord.TryGetValue(text, out value);
        }

        // Words are short; a longer text is not one of them.
        Span<char> underscored = stackalloc char[maxWordLength];
        if (text.Length > underscored.Length)
        {
            value = default;
            return false;
        }

        text.Replace(underscored, '-', '_');
        return byWord.TryGetValue(underscored[..text.Length], out value);
    }
}

/// <summary>Proto names of enum values.</summary>
internal static class ProtoEnum
{
    /// <summary>The value's proto name (TRANSACTION_KIND_PURCHASE), or its number when it has none.</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, System.Enum
    {
        var field = typeof(TEnum).GetField(value.ToString());
        return field?.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? value.ToString();
    }

    /// <summary>The proto name without its prefix: "PURCHASE" for TRANSACTION_KIND_PURCHASE.</summary>
    public static string Short<TEnum>(TEnum value, string prefix)
        where TEnum : struct, System.Enum
    {
        var name = Name(value);
        return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
    }
}
