using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Server.Auth;

/// <summary>
/// Who may call (configuration section <c>Crm:Auth</c>): API keys, each stored as the lower-case hex SHA-256 of the
/// key (the key itself is never configured) with a name and a role. With no keys every call is anonymous, which the
/// server allows only on loopback addresses unless <see cref="AllowAnonymous"/> (<see cref="AnonymousAccess"/>).
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Crm:Auth";

    /// <summary>Start without keys on addresses other than loopback. Ignored once a key is configured: then every call needs one.</summary>
    public bool AllowAnonymous { get; set; }

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Bearer tokens from an identity provider, the second scheme (<c>Crm:Auth:Jwt</c>).</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>Whether calls need credentials: a key or the JWT scheme is configured.</summary>
    public bool RequiresCredentials => ApiKeys.Count > 0 || Jwt.Enabled;
}

/// <summary>
/// JWT bearer tokens (<c>Authorization: Bearer …</c>): signed by one of <see cref="SigningKeys"/>, issued by
/// <see cref="Issuer"/> for <see cref="Audience"/>, not expired; the caller's role is the <see cref="RoleClaim"/> claim.
/// </summary>
public sealed class JwtOptions
{
    public string Issuer { get; set; } = "";

    public string Audience { get; set; } = "";

    /// <summary>Each a PEM public key (RSA or EC) or a base64 symmetric (HMAC) key of at least 32 bytes.</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>The claim holding <c>reader</c>, <c>writer</c> or <c>admin</c>, read as the token has it (no claim-type mapping).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>Configured as soon as any of issuer, audience or keys is given (then all three are required).</summary>
    public bool Enabled => Issuer.Length > 0 || Audience.Length > 0 || SigningKeys.Count > 0;
}

/// <summary>One API key: <c>Crm:Auth:ApiKeys:N:Name</c>, <c>…:KeySha256</c>, <c>…:Role</c>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Who holds the key; logged in its place.</summary>
    public string Name { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes (64 characters).</summary>
    public string KeySha256 { get; set; } = "";

    /// <summary><c>reader</c>, <c>writer</c> or <c>admin</c>.</summary>
    public string Role { get; set; } = "";
}

/// <summary>Checks <see cref="AuthOptions"/> at start: every key named once, its hash 64 lower-case hex digits and unique, its role known.</summary>
public sealed partial class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var at = $"{AuthOptions.SectionName}:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                failures.Add($"{at}:Name is required");
            }
            else if (!names.Add(key.Name))
            {
                failures.Add($"{at}:Name '{key.Name}' is used by another key");
            }

            if (!Sha256Hex().IsMatch(key.KeySha256))
            {
                failures.Add($"{at}:KeySha256 must be the key's SHA-256 as 64 lower-case hex digits");
            }
            else if (!hashes.Add(key.KeySha256))
            {
                failures.Add($"{at}:KeySha256 is the hash of another key");
            }

            if (!Roles.TryParse(key.Role, out _))
            {
                failures.Add($"{at}:Role must be reader, writer or admin");
            }
        }

        var jwt = options.Jwt;
        if (jwt.Enabled)
        {
            const string At = AuthOptions.SectionName + ":Jwt";
            if (string.IsNullOrWhiteSpace(jwt.Issuer))
            {
                failures.Add($"{At}:Issuer is required with a JWT audience or signing key");
            }

            if (string.IsNullOrWhiteSpace(jwt.Audience))
            {
                failures.Add($"{At}:Audience is required with a JWT issuer or signing key");
            }

            if (jwt.SigningKeys.Count == 0)
            {
                failures.Add($"{At}:SigningKeys needs at least one key with a JWT issuer or audience");
            }

            for (var i = 0; i < jwt.SigningKeys.Count; i++)
            {
                if (!JwtSigningKeys.TryParse(jwt.SigningKeys[i], out _, out var error))
                {
                    failures.Add($"{At}:SigningKeys:{i} {error}");
                }
            }

            if (string.IsNullOrWhiteSpace(jwt.RoleClaim))
            {
                failures.Add($"{At}:RoleClaim is required");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Hex();
}
