using System.Globalization;
using System.Text;
using Google.Protobuf;

namespace CrmGrpc.Server.Errors;

/// <summary>
/// A gRPC trailers-only response written by middleware that refuses a call before grpc-dotnet reads it (authorization,
/// limits): HTTP 200 and the status in the headers (gRPC over HTTP/2, "Responses"), its details, when it has any, in
/// grpc-status-details-bin.
/// </summary>
public static class TrailersOnlyResponse
{
    public static void Write(HttpContext context, Google.Rpc.Status status)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(status.Message);
        if (status.Details.Count > 0)
        {
            response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
        }
    }

    /// <summary>grpc-message's encoding: UTF-8, each byte outside printable ASCII and '%' itself as %XX.</summary>
    private static string PercentEncode(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return builder.ToString();
    }
}
