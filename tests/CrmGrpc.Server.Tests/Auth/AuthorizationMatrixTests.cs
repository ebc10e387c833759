using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Logging;

namespace CrmGrpc.Server.Tests.Auth;

/// <summary>A server with one key per role: one fresh database for the class.</summary>
public sealed class KeyedServerFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();

    public InProcessServer Server { get; private set; } = null!;

    public LogCapture Log { get; } = new();

    public async Task InitializeAsync() =>
        Server = await InProcessServer.StartAsync(
            _directory.File("crm.db"), builder => builder.Logging.AddProvider(Log), AuthTestSupport.KeyArguments());

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose() => _directory.Dispose();
}

public sealed class AuthorizationMatrixTests(KeyedServerFixture fixture) : IClassFixture<KeyedServerFixture>
{
    [Fact]
    public async Task Every_RPC_with_no_key_and_each_role_is_decided_as_the_table_says()
    {
        var invoker = fixture.Server.Channel.CreateCallInvoker();
        var methods = AuthTestSupport.ServedMethods(fixture.Server);
        var wrong = new List<string>();
        foreach (var method in methods)
        {
            var required = RpcRoles.For(method.FullName);
            foreach (var role in new[] { Role.None, Role.Reader, Role.Writer, Role.Admin })
            {
                var key = role == Role.None ? null : AuthTestSupport.Keys[role];
                var status = await AuthTestSupport.CallAsync(invoker, method, key);
                var refused = status is StatusCode.Unauthenticated or StatusCode.PermissionDenied;
                var expected = required == Role.None || (role != Role.None && role >= required)
                    ? (StatusCode?)null
                    : role == Role.None ? StatusCode.Unauthenticated : StatusCode.PermissionDenied;
                if (expected is null ? refused : status != expected)
                {
                    wrong.Add($"{method.FullName} as {Roles.Name(role)}: {status}, expected {(expected?.ToString() ?? "neither UNAUTHENTICATED nor PERMISSION_DENIED")}");
                }
            }
        }

        Assert.True(methods.Count >= 30, $"only {methods.Count} methods served");
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Health_answers_without_a_key()
    {
        var health = await new Health.HealthClient(fixture.Server.Channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task A_key_that_matches_none_is_unauthenticated_and_logged_with_the_address_but_never_the_key()
    {
        var invoker = fixture.Server.Channel.CreateCallInvoker();
        var method = AuthTestSupport.ServedMethods(fixture.Server).Single(m => m.FullName == "/crm.v1.CustomerService/GetCustomer");
        var guess = "guess-" + Guid.NewGuid().ToString("N");

        Assert.Equal(StatusCode.Unauthenticated, await AuthTestSupport.CallAsync(invoker, method, guess));
        Assert.Equal(StatusCode.Unauthenticated, await AuthTestSupport.CallAsync(invoker, method, ""));
        Assert.NotEqual(StatusCode.Unauthenticated, await AuthTestSupport.CallAsync(invoker, method, AuthTestSupport.Keys[Role.Reader]));
        var fitModels = AuthTestSupport.ServedMethods(fixture.Server).Single(m => m.FullName == "/crm.v1.ModelService/FitModels");
        Assert.Equal(StatusCode.PermissionDenied, await AuthTestSupport.CallAsync(invoker, fitModels, AuthTestSupport.Keys[Role.Reader]));

        var entries = fixture.Log.Entries;
        Assert.Contains(entries, e => e.Category == typeof(FailedAttemptLog).FullName
            && e.Message.Contains("GetCustomer", StringComparison.Ordinal) && e.Message.Contains("127.0.0.1:", StringComparison.Ordinal)
            && e.Message.Contains("matches none", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Message.Contains("FitModels", StringComparison.Ordinal) && e.Message.Contains("'the-reader'", StringComparison.Ordinal));
        foreach (var secret in AuthTestSupport.Keys.Values.Append(guess))
        {
            Assert.DoesNotContain(entries, e => e.Text.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Unauthenticated_and_denied_statuses_say_what_is_needed()
    {
        var customers = fixture.Server.Customers;

        var none = await Assert.ThrowsAsync<RpcException>(() => customers.GetCustomerAsync(new Contracts.V1.GetCustomerRequest { Id = "x" }).ResponseAsync);
        var reader = await Assert.ThrowsAsync<RpcException>(() => customers.CreateCustomerAsync(
            new Contracts.V1.CreateCustomerRequest { Customer = Rows.Customer("c") },
            new Metadata { { CallerAuthenticator.ApiKeyHeader, AuthTestSupport.Keys[Role.Reader] } }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, none.StatusCode);
        Assert.Contains("x-api-key", none.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, reader.StatusCode);
        Assert.Equal("/crm.v1.CustomerService/CreateCustomer needs the writer role; the caller has reader", reader.Status.Detail);
    }
}
