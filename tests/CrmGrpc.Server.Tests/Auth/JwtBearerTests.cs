using System.Security.Cryptography;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Tests.Infrastructure;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CrmGrpc.Server.Tests.Auth;

/// <summary>A server trusting one issuer's HMAC-signed tokens (role in claim <c>crm_role</c>) beside the API keys.</summary>
public sealed class JwtServerFixture : IAsyncLifetime, IDisposable
{
    public const string Issuer = "https://idp.test";
    public const string Audience = "crm";

    private readonly TempDirectory _directory = new();

    public byte[] SigningKey { get; } = RandomNumberGenerator.GetBytes(32);

    public InProcessServer Server { get; private set; } = null!;

    public LogCapture Log { get; } = new();

    public async Task InitializeAsync() =>
        Server = await InProcessServer.StartAsync(
            _directory.File("crm.db"),
            builder => builder.Logging.AddProvider(Log),
            [
                .. AuthTestSupport.KeyArguments(),
                $"--Crm:Auth:Jwt:Issuer={Issuer}", $"--Crm:Auth:Jwt:Audience={Audience}",
                $"--Crm:Auth:Jwt:SigningKeys:0={Convert.ToBase64String(SigningKey)}", "--Crm:Auth:Jwt:RoleClaim=crm_role",
            ]);

    public string Token(string? role, string issuer = Issuer, string audience = Audience, byte[]? key = null, DateTime? expires = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = "svc-42" };
        if (role is not null)
        {
            claims["crm_role"] = role;
        }

        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            NotBefore = (expires ?? now.AddMinutes(5)).AddMinutes(-10),
            IssuedAt = (expires ?? now.AddMinutes(5)).AddMinutes(-10),
            Expires = expires ?? now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? SigningKey), SecurityAlgorithms.HmacSha256),
        });
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose() => _directory.Dispose();
}

public sealed class JwtBearerTests(JwtServerFixture fixture) : IClassFixture<JwtServerFixture>
{
    private async Task<StatusCode> CreateCustomerAsync(string? token, string? apiKey = null)
    {
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add("authorization", $"Bearer {token}");
        }

        if (apiKey is not null)
        {
            headers.Add(CallerAuthenticator.ApiKeyHeader, apiKey);
        }

        try
        {
            await fixture.Server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer("jwt-" + Guid.NewGuid().ToString("N")) }, headers);
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }

    [Fact]
    public async Task A_valid_token_carries_its_role_claim()
    {
        Assert.Equal(StatusCode.OK, await CreateCustomerAsync(fixture.Token("writer")));
        Assert.Equal(StatusCode.OK, await CreateCustomerAsync(fixture.Token("admin")));
        Assert.Equal(StatusCode.PermissionDenied, await CreateCustomerAsync(fixture.Token("reader")));
    }

    [Fact]
    public async Task A_valid_token_without_a_known_role_is_allowed_nothing()
    {
        Assert.Equal(StatusCode.PermissionDenied, await CreateCustomerAsync(fixture.Token(role: null)));
        Assert.Equal(StatusCode.PermissionDenied, await CreateCustomerAsync(fixture.Token("superuser")));
    }

    [Fact]
    public async Task A_token_from_another_issuer_audience_or_key_or_expired_is_unauthenticated()
    {
        Assert.Equal(StatusCode.Unauthenticated, await CreateCustomerAsync(fixture.Token("admin", issuer: "https://other.test")));
        Assert.Equal(StatusCode.Unauthenticated, await CreateCustomerAsync(fixture.Token("admin", audience: "other")));
        Assert.Equal(StatusCode.Unauthenticated, await CreateCustomerAsync(fixture.Token("admin", key: RandomNumberGenerator.GetBytes(32))));
        Assert.Equal(StatusCode.Unauthenticated, await CreateCustomerAsync(fixture.Token("admin", expires: DateTime.UtcNow.AddMinutes(-5))));
        Assert.Equal(StatusCode.Unauthenticated, await CreateCustomerAsync("not-a-token"));
        Assert.Equal(StatusCode.Unauthenticated, await CreateCustomerAsync(token: null));
    }

    [Fact]
    public async Task API_keys_still_work_beside_tokens_and_neither_appears_in_the_log()
    {
        var token = fixture.Token("writer");
        Assert.Equal(StatusCode.OK, await CreateCustomerAsync(token: null, AuthTestSupport.Keys[Role.Writer]));
        Assert.Equal(StatusCode.PermissionDenied, await CreateCustomerAsync(token: null, AuthTestSupport.Keys[Role.Reader]));
        Assert.Equal(StatusCode.Unauthenticated, await CreateCustomerAsync(fixture.Token("admin", audience: "other")));
        Assert.Equal(StatusCode.OK, await CreateCustomerAsync(token));

        var entries = fixture.Log.Entries;
        Assert.Contains(entries, e => e.Message.Contains("caller 'the-reader' has reader", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Text.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Text.Contains(Convert.ToBase64String(fixture.SigningKey), StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => AuthTestSupport.Keys.Values.Any(k => e.Text.Contains(k, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("", "crm", "c2VjcmV0", "Crm:Auth:Jwt:Issuer is required")]
    [InlineData("https://idp.test", "", "", "Crm:Auth:Jwt:Audience is required")]
    [InlineData("https://idp.test", "crm", "", "Crm:Auth:Jwt:SigningKeys needs at least one key")]
    [InlineData("https://idp.test", "crm", "c2VjcmV0", "Crm:Auth:Jwt:SigningKeys:0 must be a PEM public key or a base64 symmetric key of at least 32 bytes")]
    [InlineData("https://idp.test", "crm", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "Crm:Auth:Jwt:SigningKeys:0 is not an RSA or EC public key in PEM")]
    public void Incomplete_JWT_settings_are_refused(string issuer, string audience, string key, string failure)
    {
        var options = new AuthOptions { Jwt = { Issuer = issuer, Audience = audience, SigningKeys = key.Length > 0 ? [key] : [] } };

        var result = new AuthOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(failure, StringComparison.Ordinal));
    }

    [Fact]
    public void An_RSA_public_key_in_PEM_is_a_signing_key()
    {
        using var rsa = RSA.Create(2048);

        Assert.True(JwtSigningKeys.TryParse(rsa.ExportSubjectPublicKeyInfoPem(), out var key, out _));
        Assert.IsType<RsaSecurityKey>(key);
    }

    [Fact]
    public void The_JWT_scheme_alone_lets_the_server_start_beyond_loopback()
    {
        Assert.Null(AnonymousAccess.Refusal(["http://0.0.0.0:5000"], new AuthOptions { Jwt = { Issuer = "https://idp.test", Audience = "crm", SigningKeys = ["x"] } }));
    }
}
