using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CrmGrpc.Server.Auth;

/// <summary>Reads <c>Crm:Auth:Jwt:SigningKeys:N</c>: a PEM public key (RSA or EC), else a base64 symmetric key.</summary>
public static class JwtSigningKeys
{
    /// <summary>HMAC-SHA256 needs a key of at least its block of 256 bits.</summary>
    public const int MinSymmetricBytes = 32;

    public static bool TryParse(string text, [NotNullWhen(true)] out SecurityKey? key, out string error)
    {
        key = null;
        error = "";
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(text);
                key = new RsaSecurityKey(rsa);
                return true;
            }
            catch (Exception exception) when (exception is ArgumentException or CryptographicException)
            {
                rsa.Dispose(); // not RSA: try EC
            }

            var ec = ECDsa.Create();
            try
            {
                ec.ImportFromPem(text);
                key = new ECDsaSecurityKey(ec);
                return true;
            }
            catch (Exception exception) when (exception is ArgumentException or CryptographicException)
            {
                ec.Dispose();
                error = "is not an RSA or EC public key in PEM";
                return false;
            }
        }

        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var length) || length < MinSymmetricBytes)
        {
            error = $"must be a PEM public key or a base64 symmetric key of at least {MinSymmetricBytes} bytes";
            return false;
        }

        key = new SymmetricSecurityKey(bytes[..length]);
        return true;
    }
}
