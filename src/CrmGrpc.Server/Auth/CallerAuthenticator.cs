using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Server.Auth;

/// <summary>Who is calling: an API key (<c>x-api-key</c>), else a bearer token when the JWT scheme is configured.</summary>
public sealed class CallerAuthenticator(ApiKeys keys, IOptions<AuthOptions> options)
{
    public const string ApiKeyHeader = "x-api-key";

    private readonly JwtOptions _jwt = options.Value.Jwt;

    /// <summary>Whether calls need credentials at all; without any configured every call is anonymous.</summary>
    public bool RequiresCredentials { get; } = options.Value.RequiresCredentials;

    /// <summary>
    /// The caller, or null with <c>Sent</c> saying whether credentials came but were not valid. A valid token without a
    /// known role in its role claim is a caller with <see cref="Role.None"/>: known, allowed nothing.
    /// </summary>
    public async Task<(Caller? Caller, bool Sent)> AuthenticateAsync(HttpContext context)
    {
        var presented = context.Request.Headers[ApiKeyHeader];
        if (presented.Count > 0)
        {
            return (presented.Count == 1 && !string.IsNullOrEmpty(presented[0]) ? keys.Find(presented[0]!) : null, true);
        }

        if (!_jwt.Enabled || context.Request.Headers.Authorization.Count == 0)
        {
            return (null, false);
        }

        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            return (null, true);
        }

        var principal = result.Principal;
        var name = principal.FindFirst("sub")?.Value ?? principal.FindFirst("client_id")?.Value ?? "a bearer token";
        return (new Caller(name, Roles.TryParse(principal.FindFirst(_jwt.RoleClaim)?.Value, out var role) ? role : Role.None), true);
    }
}
