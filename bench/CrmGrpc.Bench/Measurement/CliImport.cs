using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CrmGrpc.Bench.Book;
using CrmGrpc.Bench.Hosting;
using CrmGrpc.Contracts.V1;
using Grpc.Net.Client;

namespace CrmGrpc.Bench.Measurement;

/// <summary>
/// Times <c>crm import transactions</c> of a CSV of the same rows, in the same order, as the gRPC import: the CSV is
/// written first (untimed), a fresh server on a fresh book (a new SQLite file, or a new PostgreSQL database
/// <c>crm_bench_cli</c> in the bench's cluster) gets the customers through gRPC (untimed), then the clock
/// runs from starting the CLI to its exit (its summary printed: every row durable).
/// </summary>
internal static class CliImport
{
    /// <summary>The fresh book's name: the database on PostgreSQL, the file's (with .db) on SQLite.</summary>
    private const string BookName = "crm_bench_cli";

    private const string Header = "id,customer_id,occurred_at,amount_minor,currency,kind,sale_type,cost_minor,product,category";

    public sealed record Figures(double Seconds, double RowsPerSecond, long CsvBytes);

    public static async Task<Figures> MeasureAsync(BenchSettings settings, SyntheticBook book, FileInfo serverDll, BookStore store, string directory, CancellationToken cancellationToken)
    {
        var cli = await ServerLocator.LocateCliAsync(settings, cancellationToken);
        var csvPath = Path.Combine(directory, "transactions.csv");
        try
        {
            var csvBytes = WriteCsv(csvPath, book.TransactionsIn(settings.Order));
            await using var freshBook = await store.CreateFreshBookAsync(BookName, cancellationToken);
            await using var server = await ServerProcess.StartAsync(serverDll, freshBook.ServerArguments, Path.Combine(directory, "server.cli.log"), settings.ServerArguments, cancellationToken);
            using (var channel = GrpcChannel.ForAddress(server.Address))
            {
                await ImportCustomersAsync(new CustomerService.CustomerServiceClient(channel), book, settings, cancellationToken);
            }

            var started = Stopwatch.GetTimestamp();
            var output = await RunCliAsync(cli, server.Address, csvPath, settings.ImportBatchSize, cancellationToken);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var accepted = Accepted(output);
            if (accepted != settings.Transactions)
            {
                throw new BenchException(string.Create(CultureInfo.InvariantCulture,
                    $"crm import transactions accepted {accepted?.ToString("N0", CultureInfo.InvariantCulture) ?? "an unknown number of"} rows, expected {settings.Transactions:N0}:{Environment.NewLine}{Tail(output)}"));
            }

            await server.StopAsync();
            return new Figures(seconds, settings.Transactions / seconds, csvBytes);
        }
        finally
        {
            File.Delete(csvPath);
        }
    }

    private static long WriteCsv(string path, IEnumerable<Transaction> rows)
    {
        using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20))
        {
            writer.Write(Header);
            writer.Write('\n');
            foreach (var row in rows)
            {
                var at = DateTimeOffset.FromUnixTimeMilliseconds((row.OccurredAt.Seconds * 1000) + (row.OccurredAt.Nanos / 1_000_000));
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Id},{row.CustomerId},{at:yyyy-MM-ddTHH:mm:ss.fffZ},{row.AmountMinor},{row.Currency},{Kind(row.Kind)},{SaleTypeWord(row.SaleType)},{(row.HasCostMinor ? row.CostMinor.ToString(CultureInfo.InvariantCulture) : "")},{row.Product},{row.Category}\n"));
            }
        }

        return new FileInfo(path).Length;
    }

    private static string Kind(TransactionKind kind) => kind == TransactionKind.Refund ? "refund" : "purchase";

    private static string SaleTypeWord(SaleType saleType) => saleType switch
    {
        SaleType.New => "new",
        SaleType.Repeat => "repeat",
        SaleType.Upsell => "upsell",
        SaleType.CrossSell => "cross_sell",
        _ => "",
    };

    private static async Task ImportCustomersAsync(CustomerService.CustomerServiceClient customers, SyntheticBook book, BenchSettings settings, CancellationToken cancellationToken)
    {
        using var call = customers.ImportCustomers(cancellationToken: cancellationToken);
        foreach (var batch in book.CustomerBatches(settings.ImportBatchSize))
        {
            await call.RequestStream.WriteAsync(batch, cancellationToken);
        }

        await call.RequestStream.CompleteAsync();
        var summary = await call.ResponseAsync;
        if (summary.Accepted != settings.Customers)
        {
            throw new BenchException(string.Create(CultureInfo.InvariantCulture, $"the CLI phase's customer import accepted {summary.Accepted:N0} of {settings.Customers:N0}"));
        }
    }

    private static async Task<string> RunCliAsync(FileInfo cli, Uri server, string csvPath, int batchSize, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     cli.FullName, "import", "transactions", csvPath, "--server", server.ToString().TrimEnd('/'), "--json",
                     "--batch-size", batchSize.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new BenchException("could not start the crm CLI");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var (standardOutput, standardError) = (await output, await error);
        return process.ExitCode == 0
            ? standardOutput
            : throw new BenchException($"crm import transactions exited with code {process.ExitCode}:{Environment.NewLine}{Tail(standardOutput + standardError)}");
    }

    /// <summary>The summary's accepted count in the CLI's JSON output: the first "accepted" number in its first line that is a JSON object.</summary>
    private static long? Accepted(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            if (!line.TrimStart().StartsWith('{'))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                return Find(document.RootElement);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return null;

        static long? Find(JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals("accepted"))
                {
                    return property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetInt64()
                        : long.TryParse(property.Value.GetString(), CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
                }

                if (Find(property.Value) is { } found)
                {
                    return found;
                }
            }

            return null;
        }
    }

    private static string Tail(string text) => text.Length <= 2_000 ? text : text[^2_000..];
}
