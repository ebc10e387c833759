using System.Diagnostics;
using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Hosting;
using CrmGrpc.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CrmGrpc.Server.Tests.Auth;

/// <summary>Secure by default: anonymous only on loopback, unless told otherwise.</summary>
public sealed class AnonymousAccessTests
{
    private static readonly AuthOptions NoKeys = new();

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://127.1.2.3:5000")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5000")]
    [InlineData("https://127.0.0.1:5001")]
    [InlineData("http://unix:/run/crm.sock")]
    public void Loopback_URLs_serve_anonymously(string url) => Assert.Null(AnonymousAccess.Refusal([url], NoKeys));

    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://[::]:5000")]
    [InlineData("http://*:5000")]
    [InlineData("http://+:5000")]
    [InlineData("http://10.1.2.3:5000")]
    [InlineData("http://crm.example.com:5000")]
    [InlineData("not a url")]
    public void Any_other_URL_without_keys_is_refused_in_one_line(string url)
    {
        var reason = AnonymousAccess.Refusal(["http://127.0.0.1:5000", url], NoKeys);

        Assert.NotNull(reason);
        Assert.DoesNotContain('\n', reason);
        Assert.Contains(url, reason, StringComparison.Ordinal);
        Assert.Contains("Crm:Auth:AllowAnonymous=true", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_or_AllowAnonymous_lift_the_refusal()
    {
        Assert.Null(AnonymousAccess.Refusal(["http://0.0.0.0:5000"], new AuthOptions { AllowAnonymous = true }));
        Assert.Null(AnonymousAccess.Refusal(["http://0.0.0.0:5000"], new AuthOptions
        {
            ApiKeys = [new ApiKeyOptions { Name = "a", KeySha256 = ApiKeys.HashHex("k"), Role = "reader" }],
        }));
    }

    [Fact]
    public void The_URLs_checked_are_urls_and_the_Kestrel_endpoints_or_else_the_default()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:1; http://0.0.0.0:2",
            ["Kestrel:Endpoints:Public:Url"] = "http://10.0.0.1:3",
            ["Crm:Web:Urls"] = "none",
        }).Build();

        Assert.Equal(["http://127.0.0.1:1", "http://0.0.0.0:2", "http://10.0.0.1:3"], CrmServerApp.ListenUrls(configuration));
        // Nothing configured: the gRPC default and the web default.
        Assert.Equal([CrmServerApp.DefaultUrl, WebOptions.DefaultUrl], CrmServerApp.ListenUrls(new ConfigurationBuilder().Build()));
    }

    [Fact]
    public void The_host_is_not_built_bound_beyond_loopback_without_keys()
    {
        using var directory = new TempDirectory();

        var refused = Assert.Throws<StartupRefusedException>(() => CrmServerApp.Build(["--urls", "http://0.0.0.0:0", "--db", directory.File("crm.db")]));

        Assert.StartsWith("refusing to start: http://0.0.0.0:0 is not a loopback address", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowAnonymous_serves_anonymously_beyond_loopback()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("crm.db"), "--urls", "http://0.0.0.0:0", "--Crm:AllowAnonymous=false", "--Crm:Auth:AllowAnonymous=true");
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(server.Address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));

        var response = await new Contracts.V1.CustomerService.CustomerServiceClient(channel).ListCustomersAsync(new Contracts.V1.ListCustomersRequest());

        Assert.StartsWith("http://0.0.0.0:", server.Address, StringComparison.Ordinal);
        Assert.Empty(response.Customers);
    }

    [Fact]
    public async Task The_server_process_exits_non_zero_with_the_reason_on_one_line()
    {
        using var directory = new TempDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "CrmGrpc.Server.dll"), "--urls", "http://0.0.0.0:0", "--db", directory.File("crm.db") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, process.ExitCode);
        Assert.Equal("", (await stdout).Trim());
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("refusing to start: http://0.0.0.0:0 is not a loopback address", Assert.Single(lines), StringComparison.Ordinal);
        Assert.False(File.Exists(directory.File("crm.db")), "nothing was created");
    }
}
