using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Data.Postgres.Tests.Writes;

/// <summary>
/// The same random book (customers with upserts, transactions with duplicates, conflicts, refunds, repeats within a
/// message, unknown customers, early rejections; engagement rows) written through the SQLite store and through the
/// PostgreSQL store gives identical results row by row and merge by merge, and identical tables.
/// </summary>
public sealed class StoreEquivalenceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(7, 250)]
    [InlineData(11, 1_000_000)]
    public async Task A_random_book_gives_identical_results_and_tables_in_both_stores(int seed, int unitRows)
    {
        var book = RandomBook.Create(seed);
        await using var sqlite = await SqliteSide.CreateAsync(unitRows);
        await using var postgres = await WriteStore.CreateAsync();
        postgres.BulkLoad.UnitRows = unitRows;

        foreach (var batch in book.CustomerBatches)
        {
            Assert.Equal(await sqlite.Customers.ImportAsync(batch, [], None), await postgres.Customers.ImportAsync(batch, [], None));
            sqlite.Time.Advance(TimeSpan.FromSeconds(1));
            postgres.Time.Advance(TimeSpan.FromSeconds(1));
        }

        // Half of the transactions through the batch path, message by message, with early rejections.
        foreach (var (message, early) in book.TransactionMessages.Take(book.TransactionMessages.Count / 2))
        {
            Assert.Equal(await sqlite.Transactions.ImportAsync(message, early, None), await postgres.Transactions.ImportAsync(message, early, None));
        }

        // The rest, and all of it again, through one bulk load per store: merge by merge the same results.
        var bulkMessages = book.TransactionMessages.Skip(book.TransactionMessages.Count / 2).Concat(book.TransactionMessages).ToList();
        Assert.Equal(await BulkAsync(sqlite.Transactions, bulkMessages), await BulkAsync(postgres.Transactions, bulkMessages));

        Assert.Equal(await sqlite.Engagement.ImportSurveyResponsesAsync(book.Surveys, [], None), await postgres.Engagement.ImportSurveyResponsesAsync(book.Surveys, [], None));
        Assert.Equal(await sqlite.Engagement.ImportActivityEventsAsync(book.Activity, [], None), await postgres.Engagement.ImportActivityEventsAsync(book.Activity, [], None));
        Assert.Equal(await sqlite.Customers.DeleteAsync("c-3", None), await postgres.Customers.DeleteAsync("c-3", None));

        Assert.Equal(await BookDump.OfAsync(sqlite), await BookDump.OfAsync(postgres));
        Assert.True(await postgres.CountAsync("transactions") > 500, "the book is big enough to mean something");
    }

    /// <summary>Every merge's result, with each rejected row's position, id, field, reason and message.</summary>
    private static async Task<List<string>> BulkAsync(ITransactionRepository transactions, List<(List<Transaction> Rows, List<EarlyRejection> Early)> messages)
    {
        var merges = new List<string>();
        long position = 0;
        await using var load = await transactions.OpenBulkLoadAsync(None);
        for (var m = 0; m < messages.Count; m++)
        {
            var (rows, early) = messages[m];
            load.Stage(rows, [.. rows.Select(_ => position++)], m + 1, early);
            if (load.IsFull)
            {
                merges.Add(Describe(await load.MergeAsync(None)));
            }
        }

        merges.Add(Describe(await load.MergeAsync(None)));
        return merges;
    }

    private static string Describe(MergeResult merge) =>
        $"{merge.Inserted} inserted, {merge.Duplicates} duplicates: " + string.Join("; ", merge.Rejected.Select(r =>
            $"{r.Position} {r.Id} {r.Violation.Field} {r.Violation.Reason} {r.Violation.Description}"));

    private sealed record RandomBook(
        List<List<Customer>> CustomerBatches,
        List<(List<Transaction> Rows, List<EarlyRejection> Early)> TransactionMessages,
        List<SurveyResponse> Surveys,
        List<ActivityEvent> Activity)
    {
        public static RandomBook Create(int seed)
        {
            var random = new Random(seed);
            const int customers = 60;
            var customerBatches = new List<List<Customer>>();
            for (var b = 0; b < 3; b++)
            {
                customerBatches.Add([.. Enumerable.Range(0, 30).Select(_ =>
                {
                    var id = $"c-{random.Next(1, customers + 1)}";
                    return Samples.Customer(id, segment: random.Next(3) == 0 ? "ent" : "smb") with { Name = random.Next(4) == 0 ? "Ada King" : "Ada Lovelace" };
                })]);
            }

            var stored = new List<Transaction>();
            var messages = new List<(List<Transaction>, List<EarlyRejection>)>();
            for (var m = 0; m < 60; m++)
            {
                var rows = new List<Transaction>();
                for (var r = 0; r < 20; r++)
                {
                    var pick = random.Next(20);
                    if (pick == 0 && stored.Count > 0)
                    {
                        rows.Add(stored[random.Next(stored.Count)]); // a duplicate
                    }
                    else if (pick == 1 && stored.Count > 0)
                    {
                        rows.Add(stored[random.Next(stored.Count)] with { AmountMinor = 1 + random.Next(1_000) }); // a conflict
                    }
                    else if (pick == 2 && rows.Count > 0)
                    {
                        rows.Add(random.Next(2) == 0 ? rows[^1] : rows[^1] with { Category = "other" }); // a repeat within the message
                    }
                    else
                    {
                        var refund = random.Next(6) == 0;
                        var customer = random.Next(25) == 0 ? $"ghost-{random.Next(3)}" : $"c-{random.Next(1, customers + 1)}";
                        var row = new Transaction($"t-{m}-{r}", customer, Samples.T0.AddDays(random.Next(300)).AddHours(random.Next(3) * 5),
                            1 + random.Next(90_000), "USD", refund ? TransactionKind.Refund : TransactionKind.Purchase,
                            (SaleType)random.Next(5), random.Next(3) == 0 ? null : random.Next(20_000), "widget", random.Next(2) == 0 ? "hardware" : "software");
                        rows.Add(row);
                        stored.Add(row);
                    }
                }

                var early = random.Next(5) == 0
                    ? new List<EarlyRejection> { new($"bad-{m}", new FieldViolation("currency", "'EUR' is not the book's currency USD", RejectionReason.BadCurrency)) }
                    : [];
                messages.Add((rows, early));
            }

            var surveys = Enumerable.Range(0, 40).Select(i => Samples.Survey($"r-{random.Next(30)}", $"c-{random.Next(1, customers + 5)}")).ToList();
            var activity = Enumerable.Range(0, 40).Select(i => Samples.Activity($"a-{random.Next(30)}", $"c-{random.Next(1, customers + 5)}") with { Count = random.Next(1, 3) }).ToList();
            return new RandomBook(customerBatches, messages, surveys, activity);
        }
    }
}
