using CrmGrpc.Cli.Commands;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Hosting;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace CrmGrpc.Cli.Tests;

/// <summary><c>crm backup FILE</c> against the real server in process, and against a server whose stream is wrong.</summary>
public sealed class BackupCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("crm-backup-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string File(string name) => Path.Combine(directory, name);

    /// <summary>The real host on 127.0.0.1 port 0 over <paramref name="database"/>, and a channel to it.</summary>
    private static async Task<(WebApplication App, GrpcChannel Channel)> StartServerAsync(string database)
    {
        var app = CrmServerApp.Build(["--urls", "http://127.0.0.1:0", "--web-urls", "none", "--db", database, "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        return (app, GrpcChannel.ForAddress(app.Urls.Single()));
    }

    private static async Task StopAsync((WebApplication App, GrpcChannel Channel) server)
    {
        server.Channel.Dispose();
        await server.App.StopAsync();
        await server.App.DisposeAsync();
    }

    [Fact]
    public async Task Backup_writes_a_file_that_a_server_opens_with_the_same_book()
    {
        var original = await StartServerAsync(File("crm.db"));
        BackupCommand.Outcome outcome;
        try
        {
            var customers = new CustomerService.CustomerServiceClient(original.Channel);
            await customers.CreateCustomerAsync(new CreateCustomerRequest
            {
                Customer = new Customer { Id = "c-1", Name = "Ada", Email = "ada@example.com", Segment = "smb", Channel = "web", AcquiredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero)) },
            });
            await new TransactionService.TransactionServiceClient(original.Channel).RecordTransactionAsync(new RecordTransactionRequest
            {
                Transaction = new Transaction
                {
                    Id = "t-1", CustomerId = "c-1", AmountMinor = 4200, Currency = "USD", Kind = TransactionKind.Purchase, SaleType = SaleType.New,
                    OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 1, 3, 0, 0, 0, TimeSpan.Zero)),
                },
            });

            outcome = await BackupCommand.RunAsync(new AdminService.AdminServiceClient(original.Channel), File("copy.db"), force: false, CancellationToken.None);
        }
        finally
        {
            await StopAsync(original);
        }

        Assert.Equal(File("copy.db"), outcome.Path);
        Assert.Equal((1, 1), (outcome.Manifest.Customers, outcome.Manifest.Transactions));
        Assert.Equal(new FileInfo(outcome.Path).Length, outcome.Manifest.SizeBytes);
        Assert.False(System.IO.File.Exists(outcome.Path + ".partial"));
        Assert.Contains("\"customers\":1", BackupCommand.ToJson(outcome), StringComparison.Ordinal);

        var restored = await StartServerAsync(outcome.Path);
        try
        {
            var customer = await new CustomerService.CustomerServiceClient(restored.Channel).GetCustomerAsync(new GetCustomerRequest { Id = "c-1" });
            var transactions = await new TransactionService.TransactionServiceClient(restored.Channel).ListTransactionsAsync(new ListTransactionsRequest { CustomerId = "c-1" });
            Assert.Equal("Ada", customer.Customer.Name);
            Assert.Equal(4200, Assert.Single(transactions.Transactions).AmountMinor);
        }
        finally
        {
            await StopAsync(restored);
        }
    }

    [Fact]
    public async Task An_existing_file_is_kept_without_force_and_replaced_with_it()
    {
        var path = File("existing.db");
        await System.IO.File.WriteAllTextAsync(path, "keep me");
        var payload = new byte[10_000];
        Random.Shared.NextBytes(payload);

        var refused = await Assert.ThrowsAsync<IOException>(() => BackupCommand.RunAsync(Client(Stream(payload)), path, force: false, CancellationToken.None));
        Assert.Contains("--force", refused.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", await System.IO.File.ReadAllTextAsync(path));

        await BackupCommand.RunAsync(Client(Stream(payload)), path, force: true, CancellationToken.None);
        Assert.Equal(payload, await System.IO.File.ReadAllBytesAsync(path));
    }

    [Theory]
    [InlineData("checksum")]
    [InlineData("size")]
    [InlineData("gap")]
    [InlineData("truncated")]
    public async Task A_stream_that_does_not_check_out_leaves_neither_the_file_nor_the_partial_one(string fault)
    {
        var payload = new byte[10_000];
        Random.Shared.NextBytes(payload);
        var messages = Stream(payload);
        switch (fault)
        {
            case "checksum":
                messages[^1].Complete.Sha256 = new string('0', 64);
                break;
            case "size":
                messages[0].Manifest.SizeBytes += 1;
                break;
            case "gap":
                messages[2].Chunk.Offset += 1;
                break;
            default:
                messages.RemoveAt(messages.Count - 1);
                break;
        }

        await Assert.ThrowsAsync<IOException>(() => BackupCommand.RunAsync(Client(messages), File("bad.db"), force: false, CancellationToken.None));

        Assert.False(System.IO.File.Exists(File("bad.db")));
        Assert.False(System.IO.File.Exists(File("bad.db.partial")));
    }

    [Fact]
    public void Backup_takes_one_file_and_force()
    {
        Assert.Empty(CrmCommandLine.Create().Parse(["backup", "x.db", "--force"]).Errors);
        Assert.NotEmpty(CrmCommandLine.Create().Parse(["backup"]).Errors);
    }

    /// <summary>A well-formed backup stream of <paramref name="payload"/> in 4 KB chunks.</summary>
    private static List<BackupDatabaseResponse> Stream(byte[] payload)
    {
        var messages = new List<BackupDatabaseResponse>
        {
            new() { Manifest = new BackupManifest { SizeBytes = payload.Length, SchemaVersion = 6, Customers = 1 } },
        };
        for (var offset = 0; offset < payload.Length; offset += 4096)
        {
            messages.Add(new() { Chunk = new BackupChunk { Offset = offset, Data = ByteString.CopyFrom(payload, offset, Math.Min(4096, payload.Length - offset)) } });
        }

        messages.Add(new() { Complete = new BackupComplete { SizeBytes = payload.Length, Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload)) } });
        return messages;
    }

    private static AdminService.AdminServiceClient Client(IReadOnlyList<BackupDatabaseResponse> messages) => new(new FakeInvoker(messages));

    /// <summary>Answers BackupDatabase with the given messages.</summary>
    private sealed class FakeInvoker(IReadOnlyList<BackupDatabaseResponse> messages) : CallInvoker
    {
        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            new(new Reader<TResponse>(messages.Cast<TResponse>().ToList()), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();
    }

    private sealed class Reader<T>(List<T> messages) : IAsyncStreamReader<T>
    {
        private int _next = -1;

        public T Current => messages[_next];

        public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromResult(++_next < messages.Count);
    }
}
