using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Hosting;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CrmGrpc.Server.Tests.Infrastructure;

/// <summary>
/// The real host on Kestrel, 127.0.0.1 port 0, over a book of its own on the store under test (a SQLite file, or the
/// PostgreSQL database named after it: <see cref="StoreUnderTest"/>), with a Grpc.Net.Client channel to it. Start it
/// again on the same path to test persistence across restarts.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessServer(WebApplication app, string address, string? webAddress)
    {
        _app = app;
        Address = address;
        WebAddress = webAddress;
        Channel = GrpcChannel.ForAddress(address);
    }

    /// <summary>The gRPC endpoint's address.</summary>
    public string Address { get; }

    /// <summary>The web endpoint's address when one was asked for (<c>--web-urls http://127.0.0.1:0</c>), else null.</summary>
    public string? WebAddress { get; }

    public GrpcChannel Channel { get; }

    /// <summary>The host's services, to look at the server's own state (e.g. heavy work under way).</summary>
    public IServiceProvider Services => _app.Services;

    public CustomerService.CustomerServiceClient Customers => new(Channel);

    public TransactionService.TransactionServiceClient Transactions => new(Channel);

    public EngagementService.EngagementServiceClient Engagement => new(Channel);

    public MetricsService.MetricsServiceClient Metrics => new(Channel);

    public static Task<InProcessServer> StartAsync(string databasePath, params string[] extraArgs) =>
        StartAsync(databasePath, configure: null, extraArgs);

    /// <summary>The same, with <paramref name="configure"/> run on the host's builder (e.g. to capture its log).</summary>
    public static async Task<InProcessServer> StartAsync(string databasePath, Action<WebApplicationBuilder>? configure, params string[] extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            .. await StoreUnderTest.ArgumentsAsync(databasePath),
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:CrmGrpc.Server.Interceptors.ExceptionInterceptor=Error",
            // Never the default web endpoint's fixed port (tests run in parallel); a test that wants one passes
            // --web-urls http://127.0.0.1:0, which comes later and wins.
            "--web-urls", "none",
            .. extraArgs,
        ];
        var app = CrmServerApp.Build(args, configure);
        await app.StartAsync();
        var endpoints = app.Services.GetRequiredService<ServerEndpoints>();
        return new InProcessServer(app, endpoints.GrpcAddresses.Single(), endpoints.WebAddresses.SingleOrDefault());
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One server for a test class (xunit class fixture): a fresh database per class.</summary>
public sealed class ServerFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();

    public InProcessServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await InProcessServer.StartAsync(_directory.File("crm.db"));

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose() => _directory.Dispose();
}
