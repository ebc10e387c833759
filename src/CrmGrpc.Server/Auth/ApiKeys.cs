using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Server.Auth;

/// <summary>A caller identified by its key: the key's configured name and role.</summary>
public sealed record Caller(string Name, Role Role);

/// <summary>
/// The configured API keys, as SHA-256 hashes. A presented key is hashed and compared with every configured hash in
/// constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>, no early exit), so the time taken says
/// nothing about how close a guess was, nor which key it was close to.
/// </summary>
public sealed class ApiKeys
{
    private readonly (byte[] Hash, Caller Caller)[] _keys;

    public ApiKeys(IOptions<AuthOptions> options)
    {
        _keys = [.. options.Value.ApiKeys.Select(k => (Convert.FromHexString(k.KeySha256), new Caller(k.Name, Roles.TryParse(k.Role, out var role) ? role : Role.None)))];
    }

    /// <summary>The caller holding <paramref name="presentedKey"/>, or null when it matches no configured key.</summary>
    public Caller? Find(string presentedKey)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey), hash);
        Caller? found = null;
        foreach (var (configured, caller) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, configured))
            {
                found = caller;
            }
        }

        return found;
    }

    /// <summary>The lower-case hex SHA-256 of a key, as <c>Crm:Auth:ApiKeys:N:KeySha256</c> expects it.</summary>
    public static string HashHex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
