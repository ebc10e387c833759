using System.Buffers.Text;
using System.Globalization;
using System.Text;
using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Server.Paging;

/// <summary>
/// Opaque page tokens: the last position of the previous page, bound to the RPC and its filters so a token
/// is never replayed against another query (AIP-158). Not a secret: it only carries the position.
/// </summary>
public static class PageToken
{
    private const string Version = "1";
    private const char Separator = '\u001f';

    public static string Encode(string rpc, string filters, string position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join(Separator, Version, rpc, filters, position)));

    /// <summary>The position in <paramref name="token"/>, or null for an empty token (the first page).</summary>
    public static string? Decode(string token, string rpc, string filters)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split(Separator);
        }
        catch (FormatException)
        {
            throw Malformed();
        }

        if (parts.Length != 4 || parts[0] != Version || parts[1] != rpc || parts[2] != filters)
        {
            throw new InvalidArgumentException("page_token", "was not issued by this RPC with these filters");
        }

        return parts[3];
    }

    /// <summary>A keyset position of a number and the rest (an id, or a second number): "number rest".</summary>
    public static string Position(long number, string rest) => string.Create(CultureInfo.InvariantCulture, $"{number} {rest}");

    /// <summary>The same with a floating-point number, written so that it reads back exactly.</summary>
    public static string Position(double number, string rest) => string.Create(CultureInfo.InvariantCulture, $"{number:R} {rest}");

    /// <summary>Reads a <see cref="Position(long, string)"/>; the rest may itself contain spaces.</summary>
    public static (long Number, string Remainder) ReadPosition(string position)
    {
        var (number, rest) = SplitPosition(position);
        return long.TryParse(number, CultureInfo.InvariantCulture, out var value) ? (value, rest) : throw Malformed();
    }

    /// <summary>Reads a <see cref="Position(double, string)"/>.</summary>
    public static (double Number, string Remainder) ReadDoublePosition(string position)
    {
        var (number, rest) = SplitPosition(position);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? (value, rest) : throw Malformed();
    }

    /// <summary>A whole number read from a position's rest.</summary>
    public static long ReadNumber(string text) =>
        long.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : throw Malformed();

    private static (string Number, string Remainder) SplitPosition(string position)
    {
        var separator = position.IndexOf(' ', StringComparison.Ordinal);
        return separator > 0 ? (position[..separator], position[(separator + 1)..]) : throw Malformed();
    }

    private static InvalidArgumentException Malformed() => new("page_token", "is not a page token issued by this service");

    /// <summary>The page size to use: the default for 0, at most the maximum (AIP-158 coerces large sizes).</summary>
    public static int Size(int requested, int defaultSize, int maxSize)
    {
        if (requested < 0)
        {
            throw new InvalidArgumentException("page_size", $"must not be negative, was {requested}");
        }

        return requested == 0 ? defaultSize : Math.Min(requested, maxSize);
    }
}
