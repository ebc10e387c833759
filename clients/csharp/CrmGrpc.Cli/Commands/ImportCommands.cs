using System.CommandLine;
using System.Text;
using CrmGrpc.Cli.Csv;
using CrmGrpc.Cli.Import;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;
using Grpc.Net.Client;

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

    private static readonly Option<bool> Progress = new("--progress")
    {
        Description = "Show progress on stderr (rows read, rows/s, ETA) even when stderr is not a terminal.",
        Recursive = true,
    };

    private static readonly Option<string> Currency = new("--currency")
    {
        Description = "ISO-4217 currency of the CDNOW dollar amounts.",
        HelpName = "CODE",
        DefaultValueFactory = _ => "USD",
    };

    public static Command Create()
    {
        var import = new Command("import", "Stream a file into the server over a client-streaming Import* RPC.") { BatchSize, Progress };
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
            var parse = context.ParseResult;
            var outcome = await ImportCsvAsync(kind, path, context.OpenChannel, context.Console, parse.GetValue(BatchSize), parse.GetValue(Progress), ct);
            ImportReport.Print(context.Console, kind.Name, outcome);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Streams a CSV file into its Import* call: read, map and send while reading. The header is checked
    /// before the channel is opened, so that a file with missing columns sends nothing.
    /// </summary>
    public static async Task<ImportOutcome> ImportCsvAsync<T>(ImportKind<T> kind, FileInfo file, Func<GrpcChannel> openChannel, CliConsole console,
        int batchSize, bool progressRequested, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(openChannel);
        using var input = new InputFile(file);
        using var csv = new CsvRecordReader(input.Stream);
        var header = CsvHeader.Read(csv);
        var mapper = kind.CreateMapper(header);
        using var channel = openChannel();
        return await ImportProgressDisplay.RunAsync(console, progressRequested, async progress =>
        {
            using var sink = kind.OpenSink(channel.CreateCallInvoker(), cancellationToken);
            return await new ImportRunner(batchSize, progress.Start(kind.Name), input.Fraction)
                .RunAsync(CsvRowSource.Read(csv, header, mapper), sink, cancellationToken);
        });
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
            using (var text = scan.OpenText())
            {
                customers = Cdnow.FirstPurchaseCustomers(Cdnow.Read(text));
            }

            using var channel = context.OpenChannel();
            var invoker = channel.CreateCallInvoker();
            using var input = new InputFile(path);
            using var lines = input.OpenText();
            var (customerOutcome, transactionOutcome) = await ImportProgressDisplay.RunAsync(context.Console, context.ParseResult.GetValue(Progress), async progress =>
            {
                ImportOutcome first;
                using (var sink = ImportKinds.Customers.OpenSink(invoker, ct))
                {
                    // Counted and read on the runner's reading task only.
                    long queued = 0;
                    first = await new ImportRunner(batchSize, progress.Start("customers"), () => customers.Count == 0 ? 1 : (double)queued / customers.Count)
                        .RunAsync(customers.Select(c => { queued++; return c; }), sink, ct);
                }

                using var transactions = ImportKinds.Transactions.OpenSink(invoker, ct);
                var second = await new ImportRunner(batchSize, progress.Start("transactions"), input.Fraction)
                    .RunAsync(Cdnow.Read(lines).Select(row => Cdnow.ToTransaction(row, currency)), transactions, ct);
                return (first, second);
            });

            ImportReport.Print(context.Console, "customers", customerOutcome);
            ImportReport.Print(context.Console, "transactions", transactionOutcome);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>An input file whose byte position tells the progress display how far we are.</summary>
    private sealed class InputFile : IDisposable
    {
        public InputFile(FileInfo file)
        {
            Stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        }

        public FileStream Stream { get; }

        /// <summary>The file as text (UTF-8, or the encoding its byte order mark names); the file stays open.</summary>
        public StreamReader OpenText() => new(Stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);

        /// <summary>
        /// The share of the file read (called on the runner's reading task, the one that moves the position;
        /// what is buffered ahead of the parser counts as read).
        /// </summary>
        public double Fraction() => Stream.Length == 0 ? 1 : (double)Stream.Position / Stream.Length;

        public void Dispose() => Stream.Dispose();
    }
}
