using System.Globalization;

namespace CrmGrpc.Domain.Errors;

/// <summary>
/// Input repeated back in an error, bounded: a caller's 100 KB value must not become a 100 KB status (status
/// details travel in trailers, and clients refuse metadata over a few KB). Long values are cut and their length
/// said, so the caller still sees which value it was.
/// </summary>
public static class Echo
{
    /// <summary>Characters of a value shown before it is cut.</summary>
    public const int MaxValueChars = 64;

    /// <summary>
    /// The value quoted, <c>'EUR'</c>; past <see cref="MaxValueChars"/> its start and its length,
    /// <c>'XXXX…' (3000 characters)</c>.
    /// </summary>
    public static string Quote(string? value)
    {
        value ??= "";
        return value.Length <= MaxValueChars
            ? $"'{value}'"
            : string.Create(CultureInfo.InvariantCulture, $"'{Clip(value, MaxValueChars)}' ({value.Length} characters)");
    }

    /// <summary>Values listed in an error: the first <paramref name="maxValues"/>, each quoted, then how many more.</summary>
    public static string List(IReadOnlyCollection<string> values, int maxValues = 5)
    {
        var shown = string.Join(", ", values.Take(maxValues).Select(Quote));
        return values.Count <= maxValues
            ? shown
            : string.Create(CultureInfo.InvariantCulture, $"{shown} and {values.Count - maxValues} more");
    }

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="maxChars"/> characters, the last one an ellipsis when
    /// cut; a surrogate pair is never split.
    /// </summary>
    public static string Clip(string? text, int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        text ??= "";
        if (text.Length <= maxChars)
        {
            return text;
        }

        var keep = maxChars - 1;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }
}
