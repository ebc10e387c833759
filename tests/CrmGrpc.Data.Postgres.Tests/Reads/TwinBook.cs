using CrmGrpc.Data.Postgres.Tests.TestSupport;
using CrmGrpc.Data.Sqlite;
using CrmGrpc.Data.Sqlite.Import;
using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Errors;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using SqliteRepositories = CrmGrpc.Data.Sqlite.Repositories;

namespace CrmGrpc.Data.Postgres.Tests.Reads;

/// <summary>
/// One random (seeded) book in both stores: written to a SQLite store through its repositories (so its totals and
/// rejections are what its import makes), then every table copied row for row, keys included, into a fresh PostgreSQL
/// database by binary COPY, and the PostgreSQL totals built by <c>refresh_customer_totals</c>. The book has customers
/// with refunds, same-day purchases, only refunds, none; instants before 1970; costs, upsells, surveys, support,
/// activity, marketing spend, CRM changes, rejected rows and ids that sort differently in byte order and in a locale.
/// </summary>
public sealed class TwinBook : IAsyncLifetime
{
    public const int Seed = 20261204;

    public static readonly string[] Segments = ["smb", "ent", "mid"];

    public static readonly string[] Channels = ["web", "partner", "ads"];

    private string _directory = "";

    public PgTestStore Postgres { get; private set; } = null!;

    public SqliteDatabase Sqlite { get; private set; } = null!;

    public List<Customer> Customers { get; } = [];

    public List<Transaction> Transactions { get; } = [];

    public List<CrmChange> Changes { get; } = [];

    public async Task InitializeAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "crm-pg-reads-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        Sqlite = new SqliteDatabase(Microsoft.Extensions.Options.Options.Create(new StoreOptions { DatabasePath = Path.Combine(_directory, "crm.db") }));
        await new Sqlite.Migrator(Sqlite, NullLogger<Sqlite.Migrator>.Instance).MigrateAsync(CancellationToken.None);
        await WriteSqliteAsync();
        Postgres = await PgTestStore.CreateAsync();
        await CopyToPostgresAsync(Sqlite, Postgres);
    }

    public async Task DisposeAsync()
    {
        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Sqlite?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind must not fail the tests.
        }
    }

    private static DateTimeOffset Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static readonly long Y1965 = new DateTimeOffset(1965, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly long Y2020 = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly long Y2026 = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private async Task WriteSqliteAsync()
    {
        var random = new Random(Seed);
        string[] prefixes = ["c-", "C-", "c_", "a.", "Z", "b"];
        var surveys = new List<SurveyResponse>();
        var support = new List<SupportInteraction>();
        var activity = new List<ActivityEvent>();
        for (var i = 0; i < 90; i++)
        {
            // A fifth acquired before 1970, the rest from 2020; a few churned, some "before" their acquisition.
            var acquired = i % 5 == 0 ? Y1965 + random.NextInt64(0, 4L * 365 * UtcDay.MsPerDay) : Y2020 + random.NextInt64(0, Y2026 - Y2020 - (200 * UtcDay.MsPerDay));
            DateTimeOffset? churned = random.Next(6) switch
            {
                0 => Ms(acquired + random.NextInt64(1, 900 * UtcDay.MsPerDay)),
                1 when i % 3 == 0 => Ms(acquired - random.NextInt64(1, 10 * UtcDay.MsPerDay)),
                _ => null,
            };
            var attributes = new Dictionary<string, string>();
            if (random.Next(4) > 0)
            {
                attributes["country"] = random.Next(3) switch { 0 => "UK", 1 => "FR", _ => "de" };
            }

            attributes["tier"] = random.Next(2) == 0 ? "gold" : "silver";
            var customer = new Customer($"{prefixes[i % prefixes.Length]}{i:D3}", "Name " + i, $"n{i}@example.com",
                Segments[random.Next(Segments.Length)], Channels[random.Next(Channels.Length)], Ms(acquired), churned, attributes);
            Customers.Add(customer);
            AddTransactions(random, customer, acquired, i);
            AddEngagement(random, customer, acquired, surveys, support, activity);
        }

        var writer = new BatchWriter(Sqlite, TimeProvider.System);
        var erasures = new CustomerErasures();
        var customers = new SqliteRepositories.CustomerRepository(Sqlite, writer, erasures);
        var bulkLoads = new TransactionBulkLoads(Sqlite, Microsoft.Extensions.Options.Options.Create(new BulkLoadOptions()), erasures, TimeProvider.System);
        var transactions = new SqliteRepositories.TransactionRepository(Sqlite, writer, bulkLoads);
        var engagement = new SqliteRepositories.EngagementRepository(Sqlite, writer);
        var none = Array.Empty<EarlyRejection>();
        var ct = CancellationToken.None;

        await customers.ImportAsync(Customers, [new EarlyRejection("bad-customer-2", new FieldViolation("email", "is not an address"))], ct);
        // Two batches, so that the second refreshes totals over rows of the first; plus rejected rows of two codes.
        var half = Transactions.Count / 2;
        await transactions.ImportAsync(Transactions[..half], none, ct);
        var unknown = new Transaction("t-unknown-1", "nobody", Ms(Y2020), 100, "USD", TransactionKind.Purchase, SaleType.New, null, "p", "c");
        await transactions.ImportAsync([.. Transactions[half..], unknown],
            [new EarlyRejection("t-bad-B", new FieldViolation("amount_minor", "must be positive", RejectionReason.BadAmount)),
             new EarlyRejection("t-bad-a", new FieldViolation("amount_minor", "must be positive", RejectionReason.BadAmount))], ct);
        await engagement.ImportSurveyResponsesAsync(surveys, none, ct);
        await engagement.ImportSupportInteractionsAsync(support, none, ct);
        await engagement.ImportActivityEventsAsync(activity, none, ct);
        await engagement.ImportMarketingSpendAsync(
        [
            new MarketingSpend("s-1", "web", Ms(Y2020), Ms(Y2020 + (400 * UtcDay.MsPerDay)), 1_000_000, "USD"),
            new MarketingSpend("s-2", "ads", Ms(Y2020 + (100 * UtcDay.MsPerDay)), Ms(Y2020 + (130 * UtcDay.MsPerDay)), 333_333, "USD"),
            new MarketingSpend("s-3", "partner", Ms(Y2020 + (700 * UtcDay.MsPerDay)), Ms(Y2026), 7_777_777, "USD"),
            new MarketingSpend("s-4", "web", Ms(Y1965), Ms(Y1965 + (90 * UtcDay.MsPerDay)), 5_000, "USD"),
        ], none, ct);
        for (var i = 0; i < 4; i++)
        {
            var change = new CrmChange($"ch-{i}", "change " + i, Ms(Y2020 + ((300 + (200 * i)) * UtcDay.MsPerDay) + 12_345), "d", Segments[i % 3],
                [Customers[i].Id, Customers[i + 10].Id]);
            Changes.Add(change);
            await engagement.RecordChangeAsync(change, ct);
        }
    }

    private void AddTransactions(Random random, Customer customer, long acquired, int index)
    {
        var count = index % 11 == 0 ? 0 : random.Next(1, 14);
        var onlyRefunds = index % 13 == 1;
        for (var j = 0; j < count; j++)
        {
            // Mostly after the acquisition, a few days before it (a quality finding); pre-1970 customers stay mostly before 1970.
            var span = acquired < 0 ? 3L * 365 * UtcDay.MsPerDay : 2L * 365 * UtcDay.MsPerDay;
            var at = acquired + random.NextInt64(-5 * UtcDay.MsPerDay, span);
            var refund = onlyRefunds || random.Next(6) == 0;
            var amount = random.Next(40) == 0 ? random.NextInt64(5_000_000, 50_000_000) : random.NextInt64(100, 90_000);
            long? cost = random.Next(3) == 0 ? null : random.NextInt64(0, 40_000);
            var saleType = (SaleType)random.Next(0, 5);
            var id = $"t-{customer.Id}-{j:D2}";
            Transactions.Add(new Transaction(id, customer.Id, Ms(at), amount, "USD", refund ? TransactionKind.Refund : TransactionKind.Purchase,
                saleType, cost, "product", "category"));
            if (random.Next(4) == 0)
            {
                // A second purchase the same UTC day (a few ms later, the day's end clipped).
                var sameDay = Math.Min(at + random.NextInt64(1, 3_600_000), at - (((at % UtcDay.MsPerDay) + UtcDay.MsPerDay) % UtcDay.MsPerDay) + UtcDay.MsPerDay - 1);
                Transactions.Add(new Transaction(id + "-same", customer.Id, Ms(sameDay), random.NextInt64(100, 9_000), "USD",
                    onlyRefunds ? TransactionKind.Refund : TransactionKind.Purchase, SaleType.Upsell, null, "product", "category"));
            }
        }
    }

    private static void AddEngagement(
        Random random, Customer customer, long acquired, List<SurveyResponse> surveys, List<SupportInteraction> support, List<ActivityEvent> activity)
    {
        var baseAt = Math.Max(acquired, Y2020);
        for (var k = 0; k < random.Next(0, 6); k++)
        {
            var kind = (SurveyKind)random.Next(1, 4);
            var (min, max) = SurveyResponse.ScaleOf(kind);
            // Distinct instants per customer: the latest score of a kind is then one row.
            var at = baseAt + random.NextInt64(0, 2L * 365 * UtcDay.MsPerDay) + k;
            surveys.Add(new SurveyResponse($"r-{customer.Id}-{k}", customer.Id, kind, random.Next(min, max + 1), Ms(at)));
        }

        for (var k = 0; k < random.Next(0, 4); k++)
        {
            var opened = baseAt + random.NextInt64(0, 2L * 365 * UtcDay.MsPerDay);
            DateTimeOffset? first = random.Next(4) == 0 ? null : Ms(opened + random.NextInt64(1, 3 * UtcDay.MsPerDay));
            DateTimeOffset? resolved = random.Next(3) == 0 ? null : Ms(opened + random.NextInt64(1, 30 * UtcDay.MsPerDay));
            support.Add(new SupportInteraction($"i-{customer.Id}-{k}", customer.Id, Ms(opened), first, resolved, random.NextDouble() * 5_000));
        }

        for (var k = 0; k < random.Next(0, 5); k++)
        {
            var at = baseAt + random.NextInt64(0, 2L * 365 * UtcDay.MsPerDay);
            activity.Add(new ActivityEvent($"a-{customer.Id}-{k}", customer.Id, Ms(at), "login", random.Next(1, 20)));
        }
    }

    /// <summary>The tables of the book and their columns' PostgreSQL types, in the SQLite store's column names.</summary>
    private static readonly (string Table, (string Column, NpgsqlDbType Type)[] Columns)[] Tables =
    [
        ("customers", [("key", NpgsqlDbType.Bigint), ("id", NpgsqlDbType.Text), ("name", NpgsqlDbType.Text), ("email", NpgsqlDbType.Text),
            ("segment", NpgsqlDbType.Text), ("channel", NpgsqlDbType.Text), ("acquired_at", NpgsqlDbType.Bigint), ("churned_at", NpgsqlDbType.Bigint),
            ("attributes", NpgsqlDbType.Text), ("create_time", NpgsqlDbType.Bigint), ("update_time", NpgsqlDbType.Bigint)]),
        ("transactions", [("seq", NpgsqlDbType.Bigint), ("id", NpgsqlDbType.Text), ("customer_key", NpgsqlDbType.Bigint), ("occurred_at", NpgsqlDbType.Bigint),
            ("amount_minor", NpgsqlDbType.Bigint), ("currency", NpgsqlDbType.Text), ("kind", NpgsqlDbType.Smallint), ("sale_type", NpgsqlDbType.Smallint),
            ("cost_minor", NpgsqlDbType.Bigint), ("product", NpgsqlDbType.Text), ("category", NpgsqlDbType.Text)]),
        ("marketing_spend", [("seq", NpgsqlDbType.Bigint), ("id", NpgsqlDbType.Text), ("channel", NpgsqlDbType.Text), ("period_start", NpgsqlDbType.Bigint),
            ("period_end", NpgsqlDbType.Bigint), ("amount_minor", NpgsqlDbType.Bigint), ("currency", NpgsqlDbType.Text)]),
        ("survey_responses", [("seq", NpgsqlDbType.Bigint), ("id", NpgsqlDbType.Text), ("customer_key", NpgsqlDbType.Bigint), ("kind", NpgsqlDbType.Smallint),
            ("score", NpgsqlDbType.Integer), ("responded_at", NpgsqlDbType.Bigint)]),
        ("support_interactions", [("seq", NpgsqlDbType.Bigint), ("id", NpgsqlDbType.Text), ("customer_key", NpgsqlDbType.Bigint), ("opened_at", NpgsqlDbType.Bigint),
            ("first_response_at", NpgsqlDbType.Bigint), ("resolved_at", NpgsqlDbType.Bigint), ("handle_seconds", NpgsqlDbType.Double)]),
        ("activity_events", [("seq", NpgsqlDbType.Bigint), ("id", NpgsqlDbType.Text), ("customer_key", NpgsqlDbType.Bigint), ("occurred_at", NpgsqlDbType.Bigint),
            ("kind", NpgsqlDbType.Text), ("count", NpgsqlDbType.Bigint)]),
        ("crm_changes", [("key", NpgsqlDbType.Bigint), ("id", NpgsqlDbType.Text), ("name", NpgsqlDbType.Text), ("effective_at", NpgsqlDbType.Bigint),
            ("description", NpgsqlDbType.Text), ("treated_segment", NpgsqlDbType.Text), ("treated_customer_ids", NpgsqlDbType.Text)]),
        ("ingest_rejections", [("seq", NpgsqlDbType.Bigint), ("entity", NpgsqlDbType.Text), ("row_id", NpgsqlDbType.Text), ("code", NpgsqlDbType.Integer),
            ("field", NpgsqlDbType.Text), ("reason", NpgsqlDbType.Text), ("rejected_at", NpgsqlDbType.Bigint)]),
        ("ingest_rejection_counts", [("entity", NpgsqlDbType.Text), ("code", NpgsqlDbType.Integer), ("rejected_rows", NpgsqlDbType.Bigint)]),
    ];

    /// <summary>Copies every table of the book from SQLite into PostgreSQL (binary COPY), then builds the totals there.</summary>
    public static async Task CopyToPostgresAsync(SqliteDatabase sqlite, PgTestStore postgres)
    {
        await using var source = await sqlite.OpenAsync(CancellationToken.None);
        await using var target = await postgres.Database.OpenAsync(CancellationToken.None);
        foreach (var (table, columns) in Tables)
        {
            var names = string.Join(", ", columns.Select(c => c.Column));
            await using var read = source.CreateCommand();
            read.CommandText = $"SELECT {names} FROM {table}";
            await using var rows = await read.ExecuteReaderAsync();
            await using (var import = await target.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)"))
            {
                while (await rows.ReadAsync())
                {
                    await import.StartRowAsync();
                    for (var i = 0; i < columns.Length; i++)
                    {
                        if (rows.IsDBNull(i))
                        {
                            await import.WriteNullAsync();
                            continue;
                        }

                        await (columns[i].Type switch
                        {
                            NpgsqlDbType.Text => import.WriteAsync(rows.GetString(i), NpgsqlDbType.Text),
                            NpgsqlDbType.Double => import.WriteAsync(rows.GetDouble(i), NpgsqlDbType.Double),
                            NpgsqlDbType.Integer => import.WriteAsync(checked((int)rows.GetInt64(i)), NpgsqlDbType.Integer),
                            NpgsqlDbType.Smallint => import.WriteAsync(checked((short)rows.GetInt64(i)), NpgsqlDbType.Smallint),
                            _ => import.WriteAsync(rows.GetInt64(i), NpgsqlDbType.Bigint),
                        });
                    }
                }

                await import.CompleteAsync();
            }
        }

        await target.ExecuteAsync("SELECT refresh_customer_totals(array_agg(key)) FROM customers");
        await target.ExecuteAsync("VACUUM ANALYZE");
    }

    /// <summary>The customer ids in id order, for selections.</summary>
    public IReadOnlyList<string> Ids => Customers.Select(c => c.Id).Order(StringComparer.Ordinal).ToList();

    /// <summary>The instants the reads are asked at: before the book, inside it at several points (before 1970 too), after it.</summary>
    public static readonly DateTimeOffset[] AsOfs =
    [
        new(1950, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new(1967, 7, 15, 13, 0, 0, TimeSpan.Zero),
        new(2021, 3, 10, 0, 0, 0, 1, TimeSpan.Zero),
        new(2022, 11, 30, 23, 59, 59, 999, TimeSpan.Zero),
        new(2024, 6, 1, 8, 30, 0, TimeSpan.Zero),
        new(2035, 1, 1, 0, 0, 0, TimeSpan.Zero),
    ];
}

[CollectionDefinition(Name)]
public sealed class TwinBookFixture : ICollectionFixture<TwinBook>
{
    public const string Name = "twin book";
}
