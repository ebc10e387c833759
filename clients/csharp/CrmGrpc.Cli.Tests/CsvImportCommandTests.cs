using System.Text;
using CrmGrpc.Cli.Commands;
using CrmGrpc.Cli.Csv;
using CrmGrpc.Cli.Import;
using CrmGrpc.Cli.Output;
using CrmGrpc.Server.Hosting;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace CrmGrpc.Cli.Tests;

/// <summary><c>crm import customers|transactions FILE.csv</c> against the real server in process: counts, line numbers of bad rows, progress.</summary>
public sealed class CsvImportCommandTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("crm-import-").FullName;
    private WebApplication? app;

    public async Task InitializeAsync()
    {
        app = CrmServerApp.Build(["--urls", "http://127.0.0.1:0", "--web-urls", "none", "--db", Path.Combine(directory, "crm.db"), "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    private GrpcChannel OpenChannel() => GrpcChannel.ForAddress(app!.Urls.Single());

    private FileInfo Write(string name, string text, bool byteOrderMark = false)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text, new UTF8Encoding(byteOrderMark));
        return new FileInfo(path);
    }

    private async Task<ImportOutcome> ImportAsync<T>(ImportKind<T> kind, FileInfo file, TestConsole console, bool progress = false, int batchSize = 2)
        where T : class =>
        await ImportCommands.ImportCsvAsync(kind, file, OpenChannel, console.Console, batchSize, progress, CancellationToken.None);

    [Fact]
    public async Task Rows_are_imported_and_bad_ones_reported_at_their_line_in_the_file()
    {
        var customers = Write("customers.csv",
            "id,name,email,segment,channel,acquired_at,churned_at,attributes\n"
            + "c1,\"Doe, Jane\",jane@example.com,smb,web,2024-01-02,,region=eu\n"
            + "c2,\"Two\nlines\",,smb,web,2024-01-02,,\n");
        var transactions = Write("transactions.csv",
            ("id,customer_id,occurred_at,amount,currency,kind,sale_type,cost,product,category\n" // line 1
            + "t1,c1,2024-02-01T10:00:00Z,10.00,USD,purchase,new,,\"Pro\nplan\",software\n" // lines 2-3
            + "t2,c1,2024-02-02,abc,USD,purchase,,,,\n" // line 4: not an amount, never sent
            + "\n" // line 5
            + "t3,c404,2024-02-03,5.00,USD,purchase,,,,\n" // line 6: the server does not know the customer
            + "t4,c2,2024-02-04,7.50,USD,purchase,,,,\n").Replace("\n", "\r\n", StringComparison.Ordinal), // line 7
            byteOrderMark: true);
        var console = new TestConsole();

        var customerOutcome = await ImportAsync(ImportKinds.Customers, customers, console);
        var outcome = await ImportAsync(ImportKinds.Transactions, transactions, console);

        Assert.Equal(2, customerOutcome.Summary.Accepted);
        Assert.Equal((4L, 3L, 2L), (outcome.RowsRead, outcome.RowsSent, outcome.BatchesSent));
        Assert.Equal(2, outcome.Summary.Accepted);
        var errors = ImportReport.Errors(outcome);
        Assert.Equal([(4L, ImportReport.LocalCode, "t2"), (6L, "UNKNOWN_CUSTOMER", "t3")], errors.Select(e => (e.Line!.Value, e.Code, e.Id)));
        // Redirected stderr and no --progress: nothing.
        Assert.Equal("", console.Error);
    }

    [Fact]
    public async Task Progress_asked_for_ends_with_a_summary_line_on_stderr()
    {
        var customers = Write("customers.csv", "id,acquired_at\nc1,2024-01-02\nc2,2024-01-02\nc3,2024-01-02\n");
        var console = new TestConsole();

        var outcome = await ImportAsync(ImportKinds.Customers, customers, console, progress: true);

        Assert.Equal(3, outcome.Summary.Accepted);
        Assert.StartsWith("customers: done, 3 rows read, 3 sent in ", console.Error, StringComparison.Ordinal);
        Assert.Contains(" rows/s", console.Error, StringComparison.Ordinal);
        Assert.Equal("", console.Output);
    }

    [Fact]
    public async Task A_file_missing_a_required_column_sends_nothing()
    {
        var file = Write("transactions.csv", "id,customer_id,occurred_at,currency\nt1,c1,2024-02-01,USD\n");
        var opened = false;

        var ex = await Assert.ThrowsAsync<CsvSchemaException>(() => ImportCommands.ImportCsvAsync(ImportKinds.Transactions, file,
            () => { opened = true; return OpenChannel(); }, new TestConsole().Console, 10, false, CancellationToken.None));

        Assert.Contains("kind", ex.Message, StringComparison.Ordinal);
        Assert.False(opened);
    }
}
