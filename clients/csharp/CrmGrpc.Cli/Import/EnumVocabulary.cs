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
    private readonly FrozenDictionary<string, TEnum> words;

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

        words = map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The short words, for messages ("purchase|refund").</summary>
    public List<string> Words { get; } = [];

    public bool TryParse(string text, out TEnum value) =>
        words.TryGetValue(text.Trim().Replace('-', '_'), out value);
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
