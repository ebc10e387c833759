using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Cli.Import;

/// <summary>
/// Input timestamps: ISO 8601 (date, or date and time with optional fraction and offset; 'T' or a space
/// between them) or a bare yyyy-MM-dd. A time without an offset is UTC.
/// </summary>
internal static class Timestamps
{
    /// <summary>The general parser's formats, tried in order.</summary>
    internal static readonly string[] Formats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    internal const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    public static bool TryParse(string text, out Timestamp timestamp) => TryParse(text.AsSpan(), out timestamp);

    public static bool TryParse(ReadOnlySpan<char> text, out Timestamp timestamp)
    {
        text = text.Trim();
        if (TryParseCommon(text, out var value) ||
            DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, Styles, out value))
        {
            timestamp = Timestamp.FromDateTimeOffset(value);
            return true;
        }

        timestamp = new Timestamp();
        return false;
    }

    /// <summary>
    /// The two shapes exports use most, yyyy-MM-dd and yyyy-MM-ddTHH:mm:ssZ, read digit by digit: the general
    /// parser tries its formats one by one and was most of the cost of a transaction row. Anything else
    /// (or out of range) returns false and goes to the general parser, which decides.
    /// </summary>
    private static bool TryParseCommon(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length is not (10 or 20) || text[4] != '-' || text[7] != '-')
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        if (!TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day))
        {
            return false;
        }

        if (text.Length == 20 &&
            (text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z' ||
             !TryDigits(text.Slice(11, 2), out hour) || !TryDigits(text.Slice(14, 2), out minute) || !TryDigits(text.Slice(17, 2), out second)))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>CDNOW's compact yyyymmdd date, as midnight UTC.</summary>
    public static bool TryParseCompactDate(string text, out DateTimeOffset date) =>
        DateTimeOffset.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, Styles, out date);

    /// <summary>A timestamp for display: "2024-05-01T10:00:00Z", or "" when unset.</summary>
    public static string Format(Timestamp? timestamp) =>
        timestamp is null ? string.Empty : timestamp.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
