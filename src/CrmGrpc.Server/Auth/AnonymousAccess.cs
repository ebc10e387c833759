using System.Net;

namespace CrmGrpc.Server.Auth;

/// <summary>
/// Secure by default: with no API key configured every call is anonymous, which is allowed only when every URL the
/// server listens on is a loopback address (or a Unix socket), unless <c>Crm:Auth:AllowAnonymous=true</c>.
/// </summary>
public static class AnonymousAccess
{
    /// <summary>Why the server must not start with <paramref name="urls"/> and <paramref name="options"/>, in one line; null when it may.</summary>
    public static string? Refusal(IEnumerable<string> urls, AuthOptions options)
    {
        if (options.RequiresCredentials || options.AllowAnonymous)
        {
            return null;
        }

        var exposed = urls.FirstOrDefault(url => !IsLoopback(url));
        return exposed is null
            ? null
            : $"refusing to start: {exposed} is not a loopback address and no API key (Crm:Auth:ApiKeys) or JWT issuer (Crm:Auth:Jwt) is configured; "
              + "configure keys, listen on 127.0.0.1, or set Crm:Auth:AllowAnonymous=true";
    }

    /// <summary>Whether <paramref name="url"/> (a Kestrel URL: <c>http://127.0.0.1:5000</c>, <c>http://*:80</c>, <c>http://unix:/run/crm.sock</c>) is reachable only from this machine.</summary>
    public static bool IsLoopback(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url.Trim());
        }
        catch (FormatException)
        {
            return false; // Kestrel will refuse it anyway; never count what cannot be read as safe
        }

        if (address.IsUnixPipe)
        {
            return true;
        }

        var host = address.Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
