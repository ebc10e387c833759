using System.CommandLine;
using System.Text;
using CrmGrpc.Cli.Csv;
using CrmGrpc.Cli.Import;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Commands;

/// <summary><c>crm import customers|transactions|spend|surveys|tickets|activity FILE.csv</c> and <c>crm import cdnow FILE</c>.</summary>
internal static class ImportCommands
{
    public const int DefaultBatchSize = 5_000;

    private static readonly Option<int> BatchSize = new("--batch-size")
    {
        Description = "Rows per streamed message.",
        Recursive = true,
        HelpName = "ROWS",
        DefaultValueFactory = _ => DefaultBatchSize,
        Validators = { result => { if (result.GetValueOrDefault<int>() <= 0) { result.AddError("--batch-size must be positive"); } } },
    };

    private static readonly Option<string> Currency = new("--currency")
    {
        Description = "ISO-4217 currency of the CDNOW dollar amounts.",
        HelpName = "CODE",
        DefaultValueFactory = _ => "USD",
    };

    public static Command Create()
    {
        var import = new Command("import", "Stream a file into the server over a client-streaming Import* RPC.") { BatchSize };
        import.Add(CsvCommand(ImportKinds.Customers));
        import.Add(CsvCommand(ImportKinds.Transactions));
        import.Add(CsvCommand(ImportKinds.Spend));
        import.Add(CsvCommand(ImportKinds.Surveys));
        import.Add(CsvCommand(ImportKinds.Tickets));
        import.Add(CsvCommand(ImportKinds.Activity));
        import.Add(CdnowCommand());
        return import;
    }

    private static Argument<FileInfo> FileArgument(string description) =>
        new Argument<FileInfo>("file") { Description = description, HelpName = "FILE" }.AcceptExistingOnly();

    private static Command CsvCommand<T>(ImportKind<T> kind)
        where T : class
    {
        var file = FileArgument("CSV file with a header row (RFC 4180; timestamps ISO-8601 or yyyy-MM-dd, UTC).");
        var command = new Command(kind.Name, kind.Description) { file };
        CommandAction.Set(command, async (context, ct) =>
        {
            var path = context.ParseResult.GetRequiredValue(file);
            using var input = new InputFile(path);
            using var csv = new CsvReader(input.Reader);

            // The header decides the mapping; a missing required column fails here, before anything is sent.
            var header = CsvHeader.Read(csv);
            var mapper = kind.CreateMapper(header);
            using var channel = context.OpenChannel();
            var batchSize = context.ParseResult.GetValue(BatchSize);
            var outcome = await ImportProgressDisplay.RunAsync(context.Console, async progress =>
            {
                using var sink = kind.OpenSink(channel.CreateCallInvoker(), ct);
                return await new ImportRunner(batchSize, progress.Start(kind.Name, input.Fraction))
                    .RunAsync(CsvRowSource.Read(csv, header, mapper), sink, ct);
            });
            ImportReport.Print(context.Console, kind.Name, outcome);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CdnowCommand()
    {
        var file = FileArgument("lifetimes__CDNOW_master.txt (customer_id date cds dollars, with header) or lifetimes__CDNOW_sample.txt (master_id sample_id date cds dollars).");
        var command = new Command("cdnow", "Import a CDNOW purchase log: customers from their first purchase, then every line as a PURCHASE.")
        {
            file,
            Currency,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            var path = context.ParseResult.GetRequiredValue(file);
            var currency = context.ParseResult.GetRequiredValue(Currency).Trim().ToUpperInvariant();
            var batchSize = context.ParseResult.GetValue(BatchSize);

            // First pass: the customers and their first purchase dates (a map, not the file, in memory).
            List<RowResult<Customer>> customers;
            using (var scan = new InputFile(path))
            {
                customers = Cdnow.FirstPurchaseCustomers(Cdnow.Read(scan.Reader));
            }

            using var channel = context.OpenChannel();
            var invoker = channel.CreateCallInvoker();
            using var input = new InputFile(path);
            var (customerOutcome, transactionOutcome) = await ImportProgressDisplay.RunAsync(context.Console, async progress =>
            {
                ImportOutcome first;
                using (var sink = ImportKinds.Customers.OpenSink(invoker, ct))
                {
                    long sent = 0;
                    first = await new ImportRunner(batchSize, progress.Start("customers", () => customers.Count == 0 ? 1 : (double)sent / customers.Count))
                        .RunAsync(customers.Select(c => { sent++; return c; }), sink, ct);
                }

                using var transactions = ImportKinds.Transactions.OpenSink(invoker, ct);
                var second = await new ImportRunner(batchSize, progress.Start("transactions", input.Fraction))
                    .RunAsync(Cdnow.Read(input.Reader).Select(row => Cdnow.ToTransaction(row, currency)), transactions, ct);
                return (first, second);
            });

            ImportReport.Print(context.Console, "customers", customerOutcome);
            ImportReport.Print(context.Console, "transactions", transactionOutcome);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>An input file read as text (UTF-8, BOM detected) whose position tells the progress bar how far we are.</summary>
    private sealed class InputFile : IDisposable
    {
        private readonly FileStream stream;

        public InputFile(FileInfo file)
        {
            stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
            Reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        }

        public StreamReader Reader { get; }

        public double Fraction() => stream.Length == 0 ? 1 : (double)stream.Position / stream.Length;

        public void Dispose() => Reader.Dispose();
    }
}
