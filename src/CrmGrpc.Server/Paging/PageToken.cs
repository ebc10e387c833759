using System.Buffers.Text;
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
            throw new InvalidArgumentException("page_token", "is not a page token issued by this service");
        }

        if (parts.Length != 4 || parts[0] != Version || parts[1] != rpc || parts[2] != filters)
        {
            throw new InvalidArgumentException("page_token", "was not issued by this RPC with these filters");
        }

        return parts[3];
    }

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
