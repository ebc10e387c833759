using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Cli.Import;

/// <summary>
/// Input timestamps: ISO 8601 (date, or date and time with optional fraction and offset; 'T' or a space
/// between them) or a bare yyyy-MM-dd. A time without an offset is UTC.
/// </summary>
internal static class Timestamps
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    private const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    public static bool TryParse(string text, out Timestamp timestamp) => TryParse(text.AsSpan(), out timestamp);

    public static bool TryParse(ReadOnlySpan<char> text, out Timestamp timestamp)
    {
        if (DateTimeOffset.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, Styles, out var value))
        {
            timestamp = Timestamp.FromDateTimeOffset(value);
            return true;
        }

        timestamp = new Timestamp();
        return false;
    }

    /// <summary>CDNOW's compact yyyymmdd date, as midnight UTC.</summary>
    public static bool TryParseCompactDate(string text, out DateTimeOffset date) =>
        DateTimeOffset.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, Styles, out date);

    /// <summary>A timestamp for display: "2024-05-01T10:00:00Z", or "" when unset.</summary>
    public static string Format(Timestamp? timestamp) =>
        timestamp is null ? string.Empty : timestamp.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
