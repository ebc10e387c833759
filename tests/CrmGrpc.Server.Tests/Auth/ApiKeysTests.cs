using CrmGrpc.Server.Auth;
using Microsoft.Extensions.Options;

namespace CrmGrpc.Server.Tests.Auth;

public sealed class ApiKeysTests
{
    private static AuthOptions Options(params (string Name, string Hash, string Role)[] keys) =>
        new() { ApiKeys = [.. keys.Select(k => new ApiKeyOptions { Name = k.Name, KeySha256 = k.Hash, Role = k.Role })] };

    [Fact]
    public void HashHex_is_the_lower_case_hex_SHA256_of_the_key()
    {
        // echo -n abc | sha256sum
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeys.HashHex("abc"));
    }

    [Fact]
    public void A_presented_key_finds_the_caller_whose_hash_it_matches_and_nothing_else()
    {
        var keys = new ApiKeys(Microsoft.Extensions.Options.Options.Create(Options(
            ("ops", ApiKeys.HashHex("k-admin"), "admin"), ("bi", ApiKeys.HashHex("k-reader"), "reader"))));

        Assert.Equal(new Caller("bi", Role.Reader), keys.Find("k-reader"));
        Assert.Equal(new Caller("ops", Role.Admin), keys.Find("k-admin"));
        Assert.Null(keys.Find("k-reade"));
        Assert.Null(keys.Find(ApiKeys.HashHex("k-reader"))); // the hash itself is not a key
        Assert.Null(keys.Find(""));
    }

    [Fact]
    public void Credentials_are_required_once_a_key_or_the_JWT_scheme_is_configured()
    {
        Assert.False(new AuthOptions().RequiresCredentials);
        Assert.False(new AuthOptions { AllowAnonymous = true }.RequiresCredentials);
        Assert.True(Options(("a", ApiKeys.HashHex("1"), "reader")).RequiresCredentials);
        Assert.True(new AuthOptions { Jwt = { Issuer = "https://idp.test" } }.RequiresCredentials);
    }

    [Fact]
    public void Valid_options_pass()
    {
        var result = new AuthOptionsValidator().Validate(null, Options(("a", ApiKeys.HashHex("1"), "reader"), ("b", ApiKeys.HashHex("2"), "writer")));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "reader", "Crm:Auth:ApiKeys:0:Name is required")]
    [InlineData("a", "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", "reader", "Crm:Auth:ApiKeys:0:KeySha256 must be")]
    [InlineData("a", "ba7816bf", "reader", "Crm:Auth:ApiKeys:0:KeySha256 must be")]
    [InlineData("a", "abc", "reader", "Crm:Auth:ApiKeys:0:KeySha256 must be")]
    [InlineData("a", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "owner", "Crm:Auth:ApiKeys:0:Role must be reader, writer or admin")]
    [InlineData("a", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "Reader", "Crm:Auth:ApiKeys:0:Role must be reader, writer or admin")]
    public void A_bad_key_entry_is_refused_naming_its_setting(string name, string hash, string role, string failure)
    {
        var result = new AuthOptionsValidator().Validate(null, Options((name, hash, role)));

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(failure, StringComparison.Ordinal));
    }

    [Fact]
    public void Names_and_hashes_are_unique()
    {
        var result = new AuthOptionsValidator().Validate(null, Options(
            ("a", ApiKeys.HashHex("1"), "reader"), ("a", ApiKeys.HashHex("2"), "reader"), ("c", ApiKeys.HashHex("1"), "admin")));

        Assert.Equal(
            ["Crm:Auth:ApiKeys:1:Name 'a' is used by another key", "Crm:Auth:ApiKeys:2:KeySha256 is the hash of another key"],
            result.Failures);
    }

    [Fact]
    public async Task A_server_with_a_bad_key_entry_does_not_start()
    {
        using var directory = new Infrastructure.TempDirectory();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => Infrastructure.InProcessServer.StartAsync(
            directory.File("crm.db"), "--Crm:Auth:ApiKeys:0:Name=a", "--Crm:Auth:ApiKeys:0:KeySha256=nothex", "--Crm:Auth:ApiKeys:0:Role=reader"));

        Assert.Contains("KeySha256", error.Message, StringComparison.Ordinal);
    }
}
