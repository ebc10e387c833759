using System.Globalization;
using System.Text;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Output;

/// <summary>The file formats of <c>crm recalc --out</c>.</summary>
internal enum RecalcFormat
{
    /// <summary>One row per customer with a header; absent values are empty cells.</summary>
    Csv,

    /// <summary>One CustomerMetrics JSON document (protobuf JSON mapping) per line.</summary>
    JsonLines,
}

/// <summary>
/// Writes recalculated customers batch by batch to a text writer, flushing after each batch so that the
/// file grows while the stream runs and nothing but the current batch is held in memory.
/// </summary>
internal abstract class RecalcWriter(TextWriter writer) : IAsyncDisposable
{
    /// <summary>The CSV columns, in order.</summary>
    public static readonly string[] CsvColumns =
    [
        "customer_id", "historical_clv", "predictive_clv", "probability_alive", "expected_purchases", "expected_average_value", "rfm_code", "health_score",
        "churned", "churned_at",
    ];

    protected TextWriter Writer { get; } = writer;

    /// <summary>Customers written so far.</summary>
    public long Written { get; private set; }

    /// <summary>The format for a file name: .csv, or .jsonl / .ndjson; anything else is null.</summary>
    public static RecalcFormat? FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => RecalcFormat.Csv,
            ".jsonl" or ".ndjson" => RecalcFormat.JsonLines,
            _ => null,
        };
    }

    public static RecalcWriter Create(TextWriter writer, RecalcFormat format) => format switch
    {
        RecalcFormat.Csv => new CsvRecalcWriter(writer),
        RecalcFormat.JsonLines => new JsonLinesRecalcWriter(writer),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>A writer to a new file (replacing one that exists), UTF-8 without BOM.</summary>
    public static RecalcWriter Open(string path, RecalcFormat format)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
        return Create(new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16), format);
    }

    /// <summary>Writes a batch and flushes it to the file.</summary>
    public async Task WriteBatchAsync(IEnumerable<CustomerMetrics> customers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customers);
        foreach (var customer in customers)
        {
            Writer.Write(Line(customer));
            Writer.Write('\n');
            Written++;
        }

        await Writer.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.FlushAsync();
        await Writer.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>One customer as one line, without the line break.</summary>
    public abstract string Line(CustomerMetrics customer);

    private sealed class CsvRecalcWriter : RecalcWriter
    {
        public CsvRecalcWriter(TextWriter writer)
            : base(writer)
        {
            Writer.Write(string.Join(',', CsvColumns));
            Writer.Write('\n');
        }

        public override string Line(CustomerMetrics customer) => CsvLine(customer);
    }

    private sealed class JsonLinesRecalcWriter(TextWriter writer) : RecalcWriter(writer)
    {
        public override string Line(CustomerMetrics customer) => Json.Format(customer);
    }

    /// <summary>The CSV row of a customer: empty cells for absent values, numbers round-trippable.</summary>
    public static string CsvLine(CustomerMetrics customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        string[] cells =
        [
            CsvField(customer.CustomerId),
            Number(customer.HistoricalClv),
            customer.HasPredictiveClv ? Number(customer.PredictiveClv) : string.Empty,
            customer.HasProbabilityAlive ? Number(customer.ProbabilityAlive) : string.Empty,
            customer.HasExpectedPurchases ? Number(customer.ExpectedPurchases) : string.Empty,
            customer.HasExpectedAverageValue ? Number(customer.ExpectedAverageValue) : string.Empty,
            CsvField(customer.Rfm?.Code ?? string.Empty),
            customer.Health is { } health ? Number(health.Score) : string.Empty,
            customer.Churn is { } churn ? (churn.Churned ? "true" : "false") : string.Empty,
            customer.Churn?.ChurnedAt is { } churnedAt ? churnedAt.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : string.Empty,
        ];
        return string.Join(',', cells);
    }

    /// <summary>A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break.</summary>
    public static string CsvField(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>The shortest text that reads back as the same double.</summary>
    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
